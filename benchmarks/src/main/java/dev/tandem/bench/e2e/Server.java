package dev.tandem.bench.e2e;

/** A database server the end-to-end benchmarks run against; closing stops it if the benchmark started it. */
public interface Server extends AutoCloseable {

    /** The raw driver's JDBC URL, with credentials. */
    String url();

    /** What the report calls it: "embedded PostgreSQL", "existing server (-Djdbc.url)". */
    String description();

    /** True if the server started with the benchmark tables already created and seeded ({@link Schema}). */
    boolean seeded();

    @Override
    void close() throws Exception;

    /** A server started elsewhere: only described, never stopped. */
    static Server existing(String url, String description) {
        return new Server() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public boolean seeded() {
                return false;
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}
