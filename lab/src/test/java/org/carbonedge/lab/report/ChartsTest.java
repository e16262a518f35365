package org.carbonedge.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The charts parse as SVG and draw what they were given: lines, steps, markers, bands, labelled points. */
class ChartsTest {

    private static Document svg(Chart chart) throws Exception {
        Markup m = new Markup();
        chart.render(m);
        Document d = Xml.parse(m.toString());
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(Xml.texts(d, "title")).containsExactly(chart.title());
        return d;
    }

    @Test
    void aLineChartDrawsOneLinePerSeriesWithALegendAndBreaksAtNaN() throws Exception {
        LineChart chart = new LineChart("sweep", "wC", "ms").markers()
                .series("p50", new double[] {0, 0.5, 1}, new double[] {10, 20, 30})
                .series("p95", new double[] {0, 0.5, 1}, new double[] {15, Double.NaN, 40});

        Document d = svg(chart);
        List<Element> lines = Xml.all(d, "polyline");
        assertThat(lines).hasSize(3); // p50 whole, p95 in two pieces
        assertThat(lines.get(0).getAttribute("points").split(" ")).hasSize(3);
        assertThat(Xml.all(d, "circle")).hasSize(5);
        assertThat(Xml.texts(d, "text")).contains("p50", "p95", "wC", "ms", "0.0", "1.0");
    }

    @Test
    void higherValuesAreDrawnHigher() throws Exception {
        Document d = svg(new LineChart("up", "x", "y").series("s", new double[] {0, 1}, new double[] {1, 5}));
        String[] points = Xml.all(d, "polyline").get(0).getAttribute("points").split(" ");
        double y0 = Double.parseDouble(points[0].split(",")[1]);
        double y1 = Double.parseDouble(points[1].split(",")[1]);
        assertThat(y1).isLessThan(y0); // SVG y grows downwards
    }

    @Test
    void aStepChartOnATimeAxisHoldsEachValueUntilTheNextHourAndMarksTheBand() throws Exception {
        long h0 = Instant.parse("2026-11-29T22:00:00Z").toEpochMilli();
        long hour = 3_600_000;
        LineChart chart = new LineChart("intensity", "time (UTC)", "gCO2e per kWh").utcTimeAxis().steps()
                .series("DE", new double[] {h0, h0 + hour, h0 + 2 * hour, h0 + 3 * hour}, new double[] {340, 350, 330, 330})
                .band(h0 + 2 * hour + 60_000, h0 + 2 * hour + 240_000, "this run");

        Document d = svg(chart);
        assertThat(Xml.all(d, "polyline").get(0).getAttribute("points").split(" ")).hasSize(4 + 3);
        assertThat(Xml.texts(d, "text")).contains("22:00", "00:00", "2026-11-29", "2026-11-30", "this run");
        Element band = Xml.all(d, "rect").stream().filter(r -> r.hasAttribute("fill-opacity")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(band.getAttribute("width"))).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aScatterChartLabelsEveryPointAndKeepsCoincidingLabelsApart() throws Exception {
        ScatterChart chart = new ScatterChart("carbon vs latency", "latency (ms)", "µg per inference")
                .point("monolithic", 50, 8.7).point("performance", 50, 8.7).point("green", 60, 0.5)
                .point("broken", Double.NaN, 1);

        Document d = svg(chart);
        assertThat(Xml.all(d, "circle")).hasSize(3);
        List<Element> labels = Xml.all(d, "text").stream()
                .filter(t -> List.of("monolithic", "performance", "green").contains(t.getTextContent())).toList();
        assertThat(labels).hasSize(3);
        Element a = labels.get(0);
        Element b = labels.get(1);
        assertThat(!a.getAttribute("y").equals(b.getAttribute("y"))
                || !a.getAttribute("text-anchor").equals(b.getAttribute("text-anchor")))
                .as("labels of coinciding points on different lines or sides").isTrue();
    }

    @Test
    void anEmptyChartStillRenders() throws Exception {
        assertThat(Xml.all(svg(new ScatterChart("none", "x", "y")), "circle")).isEmpty();
        assertThat(Xml.all(svg(new LineChart("none", "x", "y")), "polyline")).isEmpty();
    }
}
