package dev.tandem.agent.jobs;

import dev.tandem.driver.spec.SpecExpression;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every column reference of a checked spec expression gets the alias, wherever it sits in the tree. */
class QualifyTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "stock => tandem_s.stock",
        "upper(warehouse) => upper(tandem_s.warehouse)",
        "CAST(ROUND(price * 100) AS BIGINT) => CAST(ROUND(tandem_s.price * 100) AS BIGINT)",
        "CASE WHEN stock > 0 THEN lower(warehouse) ELSE 'none' END "
            + "=> CASE WHEN tandem_s.stock > 0 THEN lower(tandem_s.warehouse) ELSE 'none' END",
        "coalesce(first_name, '') || ' ' || last_name "
            + "=> coalesce(tandem_s.first_name, '') || ' ' || tandem_s.last_name",
        "stock IS NULL OR stock BETWEEN 1 AND 9 => tandem_s.stock IS NULL OR tandem_s.stock BETWEEN 1 AND 9",
    })
    void qualifiesEveryColumn(String expression, String expected) {
        String rendered = SpecExpression.check(expression, null).rendered();
        assertThat(Qualify.columns(rendered, "tandem_s")).isEqualTo(expected);
    }
}
