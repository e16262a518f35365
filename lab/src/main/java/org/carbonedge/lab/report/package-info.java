/**
 * Self-contained HTML reports: an XHTML page with inline SVG charts drawn here (line and scatter charts with
 * readable axes), no script, no stylesheet or font loaded from anywhere, so a report opens offline and parses as
 * XML. Used by {@code carbonedge demo}.
 */
package org.carbonedge.lab.report;
