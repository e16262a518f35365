package org.carbonedge.ledger.query;

/**
 * An answer and the ledger instance ({@code host:port}, its {@code application.server}) whose state store gave it,
 * so a caller can see when a query was forwarded to the key's owner.
 */
public record Served<T>(T value, String servedBy) {
}
