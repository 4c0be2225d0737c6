package dev.tandem.testdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://h:5432/postgres?user=u&password=p | jdbc:postgresql://h:5432/fresh?user=u&password=p",
        "jdbc:postgresql://h:5432/postgres                   | jdbc:postgresql://h:5432/fresh",
        "jdbc:postgresql://h1:5432,h2:5433/postgres?user=u   | jdbc:postgresql://h1:5432,h2:5433/fresh?user=u",
        "jdbc:mysql://h:3306/?user=root                      | jdbc:mysql://h:3306/fresh?user=root",
        "jdbc:mysql://h:3306?user=root&password=             | jdbc:mysql://h:3306/fresh?user=root&password=",
        "jdbc:mysql://h:3306                                 | jdbc:mysql://h:3306/fresh",
        "jdbc:mysql://[::1]:3306/mysql?sslMode=DISABLED      | jdbc:mysql://[::1]:3306/fresh?sslMode=DISABLED",
    })
    void withDatabaseReplacesOnlyTheDatabase(String url, String expected) {
        assertThat(JdbcUrls.withDatabase(url, "fresh")).isEqualTo(expected);
    }

    @Test
    void withDatabaseRejectsUrlsWithoutAServer() {
        assertThrows(IllegalArgumentException.class, () -> JdbcUrls.withDatabase("jdbc:h2:mem:x", "fresh"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://h/db?user=postgres | tandem.a=1  | jdbc:tandem:postgresql://h/db?user=postgres&tandem.a=1",
        "jdbc:postgresql://h/db               | tandem.a=1  | jdbc:tandem:postgresql://h/db?tandem.a=1",
        "jdbc:postgresql://h/db?              | ?tandem.a=1 | jdbc:tandem:postgresql://h/db?tandem.a=1",
        "jdbc:mysql://h/db?user=root          | &tandem.a=1 | jdbc:tandem:mysql://h/db?user=root&tandem.a=1",
        "jdbc:mysql://h/db?user=root          | ''          | jdbc:tandem:mysql://h/db?user=root",
    })
    void tandemUrlPrefixesTheRealUrlAndAppendsTheQuery(String realUrl, String query, String expected) {
        TestDatabase database = new TestDatabase(DbKind.POSTGRESQL, realUrl, "db");

        assertThat(database.tandemUrl(query)).isEqualTo(expected);
    }

    @Test
    void tandemUrlWithoutQueryIsJustThePrefixedUrl() {
        TestDatabase database = new TestDatabase(DbKind.MARIADB, "jdbc:mysql://h/db?user=root", "db");

        assertThat(database.tandemUrl(null)).isEqualTo("jdbc:tandem:mysql://h/db?user=root");
    }

    @Test
    void redactMasksPasswords() {
        assertThat(JdbcUrls.redact("jdbc:mysql://h/db?user=root&password=secret&sslMode=DISABLED"))
                .isEqualTo("jdbc:mysql://h/db?user=root&password=***&sslMode=DISABLED");
    }
}
