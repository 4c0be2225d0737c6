package dev.tandem.driver.internal.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lexical prefilter: case-insensitive containment of any migrated table name, nothing more. */
class PrefilterTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "SELECT * FROM users|true",
        "select * from USERS|true",
        "UPDATE Users SET a = 1|true",
        "users|true",
        "SELECT 1 FROM superusers_x|true",
        "SELECT 1 FROM user|false",
        "SELECT uuuusers FROM x|true",
        "SELECT uSeRs|true",
        "SELECT 1 FROM audit_log|false",
        "use|false",
        "''|false",
        "SELECT * FROM orders WHERE u = 's'|true"})
    void matchesMigratedTableNamesCaseInsensitively(String sql, boolean expected) {
        Prefilter p = new Prefilter(List.of("users", "orders"));
        assertThat(p.matches(sql)).isEqualTo(expected);
    }
}
