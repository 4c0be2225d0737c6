package dev.tandem.driver.spec;

import dev.tandem.driver.schema.Dialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Spec expressions: the whole text must be one expression of columns, literals, operators, CASE, CAST and allowed
 * functions; everything else is refused naming the construct, and the rendered tree is what the spec keeps.
 */
class SpecExpressionTest {
    private static final Set<String> PG = Dialect.POSTGRESQL.specFunctions();
    private static final Set<String> MY = Dialect.MYSQL.specFunctions();

    static Stream<Arguments> refused() {
        return Stream.of(
            Arguments.of("lower(a) AS text), a = 'pwned' WHERE id >= ? AND id < ? --", "is refused"),
            Arguments.of("lower(a) AS text), a = 'pwned' WHERE id >= 1", "cannot parse SQL expression"),
            Arguments.of("lower(a); DROP TABLE t", "';'"),
            Arguments.of("a || (select rolpassword from pg_authid limit 1)", "a subquery"),
            Arguments.of("a || (select 1)", "a subquery"),
            Arguments.of("exists (select 1 from t)", "subquery"),
            Arguments.of("lower(a) /* hi */", "comment"),
            Arguments.of("lower(a) # hi", "comment"),
            Arguments.of("a || ?", "parameter"),
            Arguments.of("a || :p", "parameter"),
            Arguments.of("a || $1", "'$'"),
            Arguments.of("a || @v", "session variable"),
            Arguments.of("t.a", "qualified reference 't.a'"),
            Arguments.of("pg_sleep(10)", "the function 'pg_sleep' is not on the allow-list"),
            Arguments.of("set_config('role', 'postgres', false)", "'set_config' is not on the allow-list"),
            Arguments.of("pg_catalog.lower(a)", "qualified function"),
            Arguments.of("count(a)", "'count' is not on the allow-list"),
            Arguments.of("max(a) over ()", "window or aggregate"),
            Arguments.of("a, b", "cannot parse SQL expression"),
            Arguments.of("concat(a, '\\\\')", "backslash"),
            Arguments.of("nextval('s')", "'nextval' is not on the allow-list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedNamingTheConstruct(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecExpression.check(text, PG));
        assertThat(e.getMessage()).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CAST(ROUND(price * 100) AS BIGINT)", "price_cents / 100.0", "lower(email)",
        "split_part(full_name, ' ', 2)", "first_name || ' ' || last_name", "COALESCE(a, 'x')",
        "CASE WHEN a IS NULL THEN 0 WHEN a > 10 THEN 1 ELSE 2 END", "a::numeric(10, 2)", "-a + 1",
        "upper(trim(a))", "'it''s ' || a", "NOT a", "a BETWEEN 1 AND 2", "a IN (1, 2)", "a LIKE 'x%'"})
    void postgresExamplesAreAccepted(String text) {
        SpecExpression e = SpecExpression.check(text, PG);
        assertThat(SpecExpression.check(e.rendered(), PG).rendered()).isEqualTo(e.rendered());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CAST(ROUND(price * 100) AS SIGNED)", "SUBSTRING_INDEX(full_name, ' ', -1)",
        "CONCAT(first_name, ' ', last_name)", "IFNULL(a, '')", "CAST(ROUND(price * 100) AS DECIMAL(12, 2))"})
    void mysqlExamplesAreAccepted(String text) {
        assertThat(SpecExpression.check(text, MY).columns()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"split_part(a, ' ', 1)", "initcap(a)"})
    void postgresFunctionsAreNotMysqlOnes(String text) {
        assertThrows(IllegalArgumentException.class, () -> SpecExpression.check(text, MY));
    }

    @org.junit.jupiter.api.Test
    void theSpecKeepsTheRenderedTextAndItsColumns() throws Exception {
        Migration m = SpecParser.parse("migrations:\n  - id: m1\n    table: t\n    key: [id]\n    columns:\n"
            + "      - old: a\n        new: b\n        forward: \"lower(  a )\"\n", "m.yaml", PG).get(0);
        assertThat(m.forward()).containsEntry("b", "lower(a)");
        assertThat(SpecExpression.check("lower(a) || upper(\"A\")", PG).columns()).isEqualTo(List.of("a", "A"));
    }

    @org.junit.jupiter.api.Test
    void theSpecParserRefusesAnInjectionNamingTheField() {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse("migrations:\n  - id: m1\n"
            + "    table: t\n    key: [id]\n    columns:\n      - old: a\n        new: b\n"
            + "        forward: \"lower(a); DROP TABLE t\"\n", "m.yaml"));
        assertThat(e.getMessage()).contains("field 'forward' of 'b'").contains("';'");
    }
}
