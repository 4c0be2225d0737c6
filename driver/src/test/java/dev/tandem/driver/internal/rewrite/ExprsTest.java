package dev.tandem.driver.internal.rewrite;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cached templates must render exactly what a fresh parse of the expression renders, for every way a
 * rewrite substitutes: nothing replaced, everything qualified, some columns replaced by values.
 */
class ExprsTest {
    static Stream<String> expressions() {
        return Stream.of(
            "email",
            "\"Email\"",
            "`email`",
            "lower(email)",
            "u.email",
            "first_name || ' ' || last_name",
            "CONCAT(first_name, ' ', last_name)",
            "CASE WHEN status = 'a' THEN 1 WHEN status = 'b' THEN 2 ELSE NULL END",
            "CAST(amount AS NUMERIC(12, 2)) * 100",
            "amount_cents / 100.0",
            "COALESCE(a, b, 'x')",
            "SUBSTRING(full_name FROM 1 FOR POSITION(' ' IN full_name) - 1)",
            "tags[1]",
            "price * (1 + tax_rate)",
            "a + a + b",
            "TRIM(BOTH ' ' FROM name)",
            "'\u0001 literal' || email",
            "NULLIF(TRIM(name), '')",
            "EXTRACT(YEAR FROM created_at)");
    }

    @ParameterizedTest
    @MethodSource("expressions")
    void templateRendersAsAFreshParse(String expression) {
        List<Function<String, String>> replacements = List.of(
            c -> null,
            c -> "?",
            c -> c.toLowerCase(Locale.ROOT).startsWith("a") || c.toLowerCase(Locale.ROOT).contains("first") ? "CAST(? AS text)" : null,
            c -> "(EXCLUDED." + c + ")");
        for (String qualifier : new String[] {null, "t", "\"T\"", "s.t"}) {
            for (Function<String, String> r : replacements) {
                String expected = Exprs.slow(expression, r, qualifier);
                assertEquals(expected, Exprs.substitute(expression, r, qualifier),
                    () -> expression + " with qualifier " + qualifier);
                // A second use comes from the cache and must not have changed it.
                assertEquals(expected, Exprs.substitute(expression, r, qualifier));
            }
        }
        assertEquals(Exprs.parse(expression) instanceof net.sf.jsqlparser.schema.Column,
            Exprs.isBareColumn(expression));
    }
}
