package org.carbonedge.ledger.query;

import java.util.List;

/** The answer to {@code GET /v1/totals}: totals per key, in key order. */
public record TotalsList(int count, List<TotalsView> totals) {
}
