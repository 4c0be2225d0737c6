package dev.tandem.bench.overhead;

/** How the application sends a statement: SQL text with literals, or a prepared statement with parameters. */
public enum Api {
    STATEMENT,
    PREPARED
}
