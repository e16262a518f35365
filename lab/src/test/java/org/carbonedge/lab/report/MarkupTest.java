package org.carbonedge.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class MarkupTest {

    @Test
    void textAndAttributesAreEscapedSoAnyLabelParses() throws Exception {
        String label = "custom:0.2,0.2 <b> & \"q\" 'a'";
        String xml = new Markup().open("root", "title", label).element("item", label, "n", 1.5).close().toString();

        Document d = Xml.parse(xml);
        assertThat(d.getDocumentElement().getAttribute("title")).isEqualTo(label);
        assertThat(Xml.texts(d, "item")).containsExactly(label);
        assertThat(Xml.all(d, "item").get(0).getAttribute("n")).isEqualTo("1.5");
    }

    @Test
    void numbersAreWrittenWithoutExponentOrTrailingZeros() {
        assertThat(Markup.number(12.0)).isEqualTo("12");
        assertThat(Markup.number(3.14159)).isEqualTo("3.14");
        assertThat(Markup.number(-0.001)).isEqualTo("0");
        assertThat(Markup.number(1e-7)).isEqualTo("0");
        assertThat(Markup.number(2.5e6)).isEqualTo("2500000");
    }

    @Test
    void anElementLeftOpenIsRefused() {
        Markup m = new Markup().open("a").open("b").close();
        assertThatThrownBy(m::toString).isInstanceOf(IllegalStateException.class).hasMessageContaining("[a]");
        assertThatThrownBy(() -> new Markup().close()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Markup().empty("x", "only-a-name")).isInstanceOf(IllegalArgumentException.class);
    }
}
