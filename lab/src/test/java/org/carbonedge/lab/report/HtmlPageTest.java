package org.carbonedge.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlPageTest {

    @Test
    void thePageIsSelfContainedXhtmlWithTablesAndInlineCharts() throws Exception {
        String html = new HtmlPage("Report & more").heading("Policies").paragraph("a < b")
                .table(List.of("policy", "p50 ms"), List.of(List.of("green", "12.0"), List.of("custom:0.2,0.8", "9.5")),
                        List.of())
                .list(List.of("one", "two"))
                .figure(new LineChart("chart", "x", "y").series("s", new double[] {0, 1}, new double[] {1, 2}), "caption")
                .render();

        assertThat(html).startsWith("<!DOCTYPE html>");
        Document d = Xml.parse(html);
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/1999/xhtml");
        assertThat(Xml.texts(d, "title")).contains("Report & more");
        assertThat(Xml.texts(d, "td")).containsExactly("green", "12.0", "custom:0.2,0.8", "9.5");
        assertThat(Xml.texts(d, "li")).containsExactly("one", "two");
        assertThat(Xml.all(d, "svg")).hasSize(1);
        assertThat(Xml.texts(d, "figcaption")).containsExactly("caption");
        assertThat(html).as("nothing is loaded from anywhere").doesNotContain("<script", "<link", "src=", "href=",
                "url(", "@import");
    }
}
