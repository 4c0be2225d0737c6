package dev.tandem.driver.stub;

import java.util.List;

/**
 * What a quiet stub connection ({@link StubConnection#quiet()}) answers, the same constants every time:
 * one row (42, 'ann', 'ann@example.com') to any query, and to Tandem's PostgreSQL column-metadata query
 * the benchmark tables' columns and declared types, so that rewrites cast values to the declared column
 * types exactly as they would against a server.
 */
final class QuietRows {
    /** How Tandem's PostgreSQL catalog query begins (dev.tandem.driver.schema.Catalog). */
    private static final String CATALOG_QUERY = "SELECT a.attname";
    private static final String[] ROW_LABELS = {"id", "name", "email"};
    private static final List<Object[]> ONE_ROW = List.<Object[]>of(new Object[] {42L, "ann", "ann@example.com"});
    /** Name, declared type, nullable, default expression, (MySQL extra), dropped: as Catalog reads them. */
    private static final String[] CATALOG_LABELS = {"attname", "format_type", "nullable", "default", "extra",
        "attisdropped"};
    /** The columns of the benchmark tables (bench_users, and bench_accounts which has the same shape). */
    private static final List<Object[]> BENCHMARK_TABLE_COLUMNS = List.of(
        new Object[] {"id", "bigint", 0, null, "", 0},
        new Object[] {"name", "character varying(100)", 1, null, "", 0},
        new Object[] {"email", "character varying(200)", 1, null, "", 0},
        new Object[] {"email_address", "character varying(200)", 1, null, "", 0});

    private QuietRows() {
    }

    /** The answer to {@code sql}: the benchmark table's columns to the catalog query, else the one row. */
    static StubResultSet answer(String sql) {
        return sql.startsWith(CATALOG_QUERY) ? StubResultSet.constant(CATALOG_LABELS, BENCHMARK_TABLE_COLUMNS)
            : StubResultSet.constant(ROW_LABELS, ONE_ROW);
    }

    /** No rows (the generated keys of a quiet statement). */
    static StubResultSet empty() {
        return StubResultSet.constant(ROW_LABELS, List.of());
    }
}
