package org.carbonedge.lab.report;

import java.util.List;

/**
 * A self-contained report page: XHTML (parses as XML), one inline style sheet, headings, paragraphs, tables and
 * figures holding inline SVG charts. Nothing is loaded from anywhere when the page opens.
 */
public final class HtmlPage {

    private static final String STYLE = String.join("\n",
            "body { font-family: sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }",
            "table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }",
            "th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; text-align: right; white-space: nowrap; }",
            "th:first-child, td:first-child, td.text { text-align: left; }",
            "th { background: #f3f3f3; }",
            "figure { margin: 1.5rem 0; }",
            "figcaption { font-size: 0.9rem; color: #444; max-width: 45rem; }",
            "code { background: #f3f3f3; padding: 0 0.2rem; }");

    private final Markup body = new Markup();
    private final String title;

    public HtmlPage(String title) {
        this.title = title;
        body.element("h1", title).newline();
    }

    public HtmlPage heading(String text) {
        body.element("h2", text).newline();
        return this;
    }

    public HtmlPage paragraph(String text) {
        body.element("p", text).newline();
        return this;
    }

    /** A bulleted list. */
    public HtmlPage list(List<String> items) {
        body.open("ul");
        items.forEach(i -> body.element("li", i));
        body.close().newline();
        return this;
    }

    /**
     * A table; cells are right-aligned (numbers) except the first column and those named in {@code textColumns}.
     */
    public HtmlPage table(List<String> header, List<List<String>> rows, List<Integer> textColumns) {
        body.open("table").open("thead").open("tr");
        header.forEach(h -> body.element("th", h));
        body.close().close().newline().open("tbody").newline();
        for (List<String> row : rows) {
            body.open("tr");
            for (int c = 0; c < row.size(); c++) {
                if (textColumns.contains(c)) {
                    body.element("td", row.get(c), "class", "text");
                } else {
                    body.element("td", row.get(c));
                }
            }
            body.close().newline();
        }
        body.close().close().newline();
        return this;
    }

    /** A chart with a caption under it. */
    public HtmlPage figure(Chart chart, String caption) {
        body.open("figure").newline();
        chart.render(body);
        body.element("figcaption", caption).close().newline();
        return this;
    }

    /** The whole document. */
    public String render() {
        Markup page = new Markup();
        page.open("html", "xmlns", "http://www.w3.org/1999/xhtml", "lang", "en").newline();
        page.open("head").empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .element("title", title).element("style", STYLE).close().newline();
        page.open("body").newline().append(body).close().newline().close().newline();
        return "<!DOCTYPE html>\n" + page;
    }
}
