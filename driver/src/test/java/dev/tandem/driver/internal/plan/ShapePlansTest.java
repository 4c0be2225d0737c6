package dev.tandem.driver.internal.plan;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.internal.metrics.MicrometerMetrics;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.SpecParser;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts that differ only in literal values share one plan, and each gets exactly what a fresh parse of that
 * text would give: the same rewritten text, parameter map, result shape and refusal. A property test over
 * generated literals (quotes, backslashes, unicode, negative numbers, exponents, very long strings), in every
 * rewriting phase and both dialects, against a planner with shapes off.
 */
class ShapePlansTest {
    private static final String SPEC = "migrations:\n"
        + "  - id: users-email\n    table: users\n    key: [id]\n    columns:\n"
        + "      - old: email\n        new: email_address\n    phase: %s\n"
        + "  - id: orders-price\n    table: orders\n    key: [id]\n    columns:\n"
        + "      - old: price\n        new: price_cents\n        forward: CAST(ROUND(price * 100) AS BIGINT)\n"
        + "        backward: price_cents / 100.0\n    phase: %s\n";

    /** {@code %S} a string, {@code %N} an integer, {@code %D} a decimal: each filled with a fresh literal. */
    private static final List<String> TEMPLATES = List.of(
        "SELECT id, email FROM users WHERE id = %N",
        "SELECT email FROM users WHERE email = %S AND id > %N ORDER BY 1 LIMIT 5",
        "SELECT u.email, %S AS tag FROM users u WHERE u.email LIKE %S",
        "SELECT CASE WHEN email = %S THEN %N ELSE -%D END AS x, email FROM users",
        "UPDATE users SET email = %S WHERE id = %N",
        "UPDATE users SET email = lower(%S) WHERE id IN (%N, %N, %N)",
        "UPDATE orders SET price = price + %D WHERE id = %N",
        "UPDATE orders SET price = %D, note = %S WHERE id = ?",
        "INSERT INTO users (id, email) VALUES (%N, %S)",
        "INSERT INTO users (id, email) VALUES (?, %S), (%N, ?)",
        "INSERT INTO orders (id, price) VALUES (%N, %D)",
        "DELETE FROM users WHERE email = %S OR id = -%N",
        "SELECT o.id, o.price * %D FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email <> %S",
        "SELECT id FROM superusers WHERE name = %S",
        "SELECT email FROM users WHERE email = %S UNION SELECT %S");

    @Test
    void textsOfOneShapeGetWhatAFreshParseGives() throws Exception {
        Random random = new Random(20261203);
        int compared = 0;
        for (Dialect dialect : List.of(Dialect.POSTGRESQL, Dialect.MYSQL)) {
            for (Phase phase : List.of(Phase.EXPAND, Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW,
                Phase.CONTRACT)) {
                MeterRegistry registry = new SimpleMeterRegistry();
                StatementPlanner shapes = planner(phase, dialect, true, registry);
                int shaped = 0;
                for (String template : TEMPLATES) {
                    for (int i = 0; i < 12; i++) {
                        String sql = fill(template, random, dialect == Dialect.MYSQL);
                        StatementPlanner fresh = planner(phase, dialect, false, new SimpleMeterRegistry());
                        String expected = outcome(fresh, sql);
                        String actual = outcome(shapes, sql);
                        assertThat(actual).as("%s %s: %s", dialect, phase, sql).isEqualTo(expected);
                        compared++;
                    }
                    shaped++;
                }
                if (phase.rewrites()) {
                    // every template but the one on superusers is one shape, planned once
                    assertThat(registry.get("tandem.plan.shape.misses").counter().count())
                        .as("%s %s shapes planned", dialect, phase).isLessThanOrEqualTo(shaped);
                }
            }
        }
        assertThat(compared).isEqualTo(2 * 5 * TEMPLATES.size() * 12);
    }

    @Test
    void backslashSequencesJSqlParserMisreadsAreServedExactly() throws Exception {
        StatementPlanner planner = planner(Phase.DUAL_WRITE, Dialect.MYSQL, true, new SimpleMeterRegistry());
        planner.plan("UPDATE users SET email = 'plain' WHERE id = 1", null);
        String literal = "'a\\\\''b'"; // MySQL: a, an escaped backslash, an escaped quote, b
        Plan p = planner.plan("UPDATE users SET email = " + literal + " WHERE id = 2", null);
        assertThat(p.sql()).isEqualTo("UPDATE users SET email = " + literal + ", email_address = (" + literal
            + ") WHERE id = 2");
    }

    @Test
    void aLiteralVaryingStatementIsPlannedOnceAndServedFromItsShape() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        StatementPlanner planner = planner(Phase.DUAL_WRITE, Dialect.POSTGRESQL, true, registry);
        for (int i = 0; i < 50; i++) {
            Plan p = planner.plan("UPDATE users SET email = 'v" + i + "@x.io' WHERE id = " + i, null);
            assertThat(p.sql()).isEqualTo("UPDATE users SET email = 'v" + i + "@x.io', email_address = ('v" + i
                + "@x.io') WHERE id = " + i);
        }
        assertThat(registry.get("tandem.plan.shape.misses").counter().count()).isEqualTo(1);
        assertThat(registry.get("tandem.plan.shape.hits").counter().count()).isEqualTo(49);
        assertThat(registry.get("tandem.plan.shapes").gauge().value()).isEqualTo(1);

        // The same text again is remembered: no lexical pass, the same plan.
        String again = "UPDATE users SET email = 'v49@x.io' WHERE id = 49";
        double cacheHits = registry.get("tandem.plan.cache.hits").counter().count();
        Plan first = planner.plan(again, null);
        assertThat(planner.plan(new String(again.toCharArray()), null)).isSameAs(first);
        assertThat(registry.get("tandem.plan.shape.hits").counter().count()).isEqualTo(49);
        assertThat(registry.get("tandem.plan.cache.hits").counter().count()).isEqualTo(cacheHits + 2);
    }

    @Test
    void aStatementThatNeedsNoChangeGoesOutAsTheApplicationWroteIt() throws Exception {
        StatementPlanner planner = planner(Phase.DUAL_WRITE, Dialect.POSTGRESQL, true, new SimpleMeterRegistry());
        for (String sql : List.of("SELECT email FROM  users WHERE id = 1 /* a */", "SELECT email FROM users WHERE id = 2")) {
            Plan p = planner.plan(sql, null);
            assertThat(p.isRewritten()).isFalse();
            assertThat(p.sql()).isSameAs(sql);
        }
    }

    @Test
    void aRefusalIsWordedWithTheApplicationsText() throws Exception {
        StatementPlanner planner = planner(Phase.READ_NEW, Dialect.POSTGRESQL, true, new SimpleMeterRegistry());
        for (int i = 0; i < 3; i++) {
            String sql = "SELECT email FROM users NATURAL JOIN orders WHERE id = " + (i + 40);
            assertThat(outcome(planner, sql)).startsWith("refused").contains("id = " + (i + 40))
                .doesNotContain(ShapeTemplate.NONCE);
        }
    }

    @Test
    void aFloodOfDistinctShapesIsBounded() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        ConfigSnapshot snapshot = snapshot(Phase.DUAL_WRITE);
        StatementPlanner planner = new StatementPlanner(snapshot, Dialect.POSTGRESQL, true, 50, 1L << 20, true,
            new MicrometerMetrics(registry, "flood"));
        StringBuilder in = new StringBuilder("1");
        for (int i = 2; i < 400; i++) {
            in.append(", ").append(i);
            planner.plan("UPDATE users SET email = 'x' WHERE id IN (" + in + ")", null);
        }
        assertThat(registry.get("tandem.plan.shapes").gauge().value()).isLessThanOrEqualTo(50);
        assertThat(registry.get("tandem.plan.shape.misses").counter().count()).isEqualTo(398);
    }

    private static ConfigSnapshot snapshot(Phase phase) throws Exception {
        return new ConfigSnapshot(3, SpecParser.parse(String.format(SPEC, phase, phase), "test"), "test",
            Instant.now());
    }

    private static StatementPlanner planner(Phase phase, Dialect dialect, boolean shapes, MeterRegistry registry)
        throws Exception {
        return new StatementPlanner(snapshot(phase), dialect, true, 1000, StatementPlanner.DEFAULT_CACHE_BYTES, shapes,
            new MicrometerMetrics(registry, "shapes"));
    }

    /** Everything a plan decides, as text: equal outcomes mean the same statement reaches the server. */
    private static String outcome(StatementPlanner planner, String sql) {
        try {
            Plan p = planner.plan(sql, null);
            StringBuilder out = new StringBuilder();
            out.append(p.isRewritten() ? "rewritten " : p.touchesMigratedTable() ? "unchanged " : "passthrough ")
                .append(p.writesMigratedTable()).append(' ').append(p.sql());
            for (int i = 1; i <= Math.max(0, p.applicationParameterCount()); i++) {
                out.append(" ?").append(i).append("->").append(Arrays.toString(p.targets(i)));
            }
            if (p.resultShape() != null) {
                out.append(" shape ").append(p.resultShape().visibleColumns()).append(p.resultShape().checks())
                    .append(Arrays.toString(p.resultShape().keyColumns())).append(p.resultShape().keyNames());
            }
            return out.toString();
        } catch (Exception e) {
            return "refused " + e.getMessage();
        }
    }

    private static final Pattern SLOT = Pattern.compile("%[SND]");

    private static String fill(String template, Random random, boolean mysql) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String literal;
            switch (m.group().charAt(1)) {
                case 'S':
                    literal = string(random, mysql);
                    break;
                case 'N':
                    literal = Long.toString(random.nextInt(5) == 0 ? Math.abs(random.nextLong()) : random.nextInt(10_000));
                    break;
                default:
                    literal = decimal(random);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(literal));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decimal(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextInt(1000) + "." + random.nextInt(100);
            case 1:
                return random.nextInt(10) + "." + random.nextInt(10) + "e" + (random.nextBoolean() ? "-" : "+")
                    + random.nextInt(20);
            case 2:
                return "." + random.nextInt(1000);
            default:
                return random.nextInt(100) + "E" + random.nextInt(5);
        }
    }

    private static String string(Random random, boolean mysql) {
        List<String> pieces = new ArrayList<>(List.of("a", "''", "%", "_", " ", "é", "漢字", "☃", "\uD83D\uDE00", "?",
            "--", "/*", "*/", "$1", "\"", "`", ";", "\\n", "tandem"));
        if (mysql) {
            pieces.add("\\'");
            pieces.add("\\\\");
        } else {
            pieces.add("\\"); // a backslash is an ordinary character in a standard string
        }
        StringBuilder s = new StringBuilder("'");
        int length = random.nextInt(30) == 0 ? 5000 + random.nextInt(5000) : random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append(pieces.get(random.nextInt(pieces.size())));
        }
        return s.append('\'').toString();
    }
}
