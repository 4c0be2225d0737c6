package dev.tandem.driver.schema;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The text each dialect writes, pinned: callers ask the dialect instead of comparing it. */
class DialectTest {
    private static final Dialect PG = Dialect.POSTGRESQL;
    private static final Dialect MY = Dialect.MYSQL;

    @Test
    void namesAndUrlsKeepTheFormerEnumsSpelling() {
        assertThat(PG.name()).isEqualTo("POSTGRESQL");
        assertThat(MY.toString()).isEqualTo("MYSQL");
        assertThat(Dialect.fromUrl("jdbc:PostgreSQL://h/db")).isSameAs(PG);
        assertThat(Dialect.fromUrl("jdbc:pgsql://h/db")).isSameAs(PG);
        assertThat(Dialect.fromUrl("jdbc:mariadb://h/db")).isSameAs(MY);
        assertThat(Dialect.fromUrl("jdbc:mysql://h/db")).isSameAs(MY);
        assertThat(Dialect.fromUrl("jdbc:h2:mem:x")).isNull();
    }

    @Test
    void identifiersAreQuotedInTheDialectsQuotes() {
        assertThat(PG.quote("email")).isEqualTo("email");
        assertThat(PG.quote("Email")).isEqualTo("\"Email\"");
        assertThat(PG.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(MY.quote("Email")).isEqualTo("Email");
        assertThat(MY.quote("a`b c")).isEqualTo("`a``b c`");
        assertThat(PG.quoteAlways("x")).isEqualTo("\"x\"");
        assertThat(MY.quoteAlways("TRIM(x)")).isEqualTo("`TRIM(x)`");
    }

    @Test
    void upsertTakesEachDialectsShape() {
        String insert = "INSERT INTO t (k, a, b) VALUES (?, ?, ?)";
        assertThat(PG.upsert(insert, "k", List.of("a", "b")))
            .isEqualTo(insert + " ON CONFLICT (k) DO UPDATE SET a = EXCLUDED.a, b = EXCLUDED.b");
        assertThat(MY.upsert(insert, "k", List.of("a", "b")))
            .isEqualTo(insert + " ON DUPLICATE KEY UPDATE a = VALUES(a), b = VALUES(b)");
    }

    @Test
    void expressionsAndStatementsInEachDialect() {
        assertThat(PG.concat("'u'", "n")).isEqualTo("'u' || n");
        assertThat(MY.concat("'u'", "n")).isEqualTo("CONCAT('u', n)");
        assertThat(PG.distinctFrom("a", "(b)")).isEqualTo("a IS DISTINCT FROM (b)");
        assertThat(MY.distinctFrom("a", "(b)")).isEqualTo("NOT (a <=> (b))");
        assertThat(PG.createIndexOnline("t", "i", true, List.of("a", "b")))
            .isEqualTo("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a, b)");
        assertThat(MY.createIndexOnline("t", "i", false, List.of("a")))
            .isEqualTo("ALTER TABLE t ADD INDEX i (a), ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(PG.castType("BIGINT")).isEqualTo("BIGINT");
        assertThat(MY.castType("BIGINT")).isEqualTo("SIGNED");
        assertThat(MY.replicationLagQuery()).isNull();
        assertThat(PG.storedAs("x", null)).isEqualTo("(x)");
        assertThat(PG.storedAs("x", "varchar(10)")).isEqualTo("pg_catalog.varchar(CAST(x AS varchar), 14, false)");
    }

    @Test
    void mysqlDefaultsBecomeExpressions() {
        assertThat(MY.defaultExpression("NULL", "")).isNull();
        assertThat(MY.defaultExpression("abc", "")).isEqualTo("'abc'");
        assertThat(MY.defaultExpression("12", "")).isEqualTo("12");
        assertThat(PG.defaultExpression("'a'::text", "")).isEqualTo("'a'::text");
    }
    @Test
    void ddlWaitsForLocksAtMostTheTimeoutAndTightensOnline() {
        assertThat(PG.lockTimeoutStatement(2000)).isEqualTo("SET lock_timeout = '2000ms'");
        assertThat(MY.lockTimeoutStatement(1500)).isEqualTo("SET SESSION lock_wait_timeout = 2");
        assertThat(MY.effectiveLockTimeoutMillis(1)).isEqualTo(1000);
        assertThat(PG.isLockTimeout(new java.sql.SQLException("x", "55P03"))).isTrue();
        assertThat(MY.isLockTimeout(new java.sql.SQLException("x", "HY000", 1205))).isTrue();
        assertThat(MY.isLockTimeout(new java.sql.SQLException("x", "23000", 1062))).isFalse();
        assertThat(PG.setNotNullOnline("t", "n", "text", null, "n_nn").stream().map(Dialect.Ddl::sql))
            .containsExactly("ALTER TABLE t DROP CONSTRAINT IF EXISTS n_nn, ADD CONSTRAINT n_nn CHECK (n IS NOT NULL) "
                + "NOT VALID", "ALTER TABLE t VALIDATE CONSTRAINT n_nn", "ALTER TABLE t ALTER COLUMN n SET NOT NULL",
                "ALTER TABLE t DROP CONSTRAINT n_nn");
        assertThat(MY.setNotNullOnline("t", "n", "varchar(9)", "'x'", "n_nn")).containsExactly(new Dialect.Ddl(
            "ALTER TABLE t MODIFY n varchar(9) NOT NULL DEFAULT 'x', ALGORITHM=INPLACE, LOCK=NONE",
            Dialect.DdlLock.REBUILD));
        assertThat(PG.dropNotNull("t", "o", "text", null).sql()).isEqualTo("ALTER TABLE t ALTER COLUMN o DROP NOT NULL");
        assertThat(MY.dropNotNull("t", "o", "int", null).sql())
            .isEqualTo("ALTER TABLE t MODIFY o int NULL, ALGORITHM=INPLACE, LOCK=NONE");
        assertThat(PG.afterFailedIndexBuild("i")).isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS i");
        assertThat(MY.afterFailedIndexBuild("i")).isNull();
        for (Dialect.DdlLock l : Dialect.DdlLock.values()) {
            assertThat(PG.describeLock(l)).isNotBlank();
            assertThat(MY.describeLock(l)).isNotBlank();
        }
    }
}
