package dev.tandem.driver.internal.connect;

import dev.tandem.driver.TandemSQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TandemUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:tandem:postgresql://h/db                          | jdbc:postgresql://h/db",
        "jdbc:tandem:stub://h/tandem:x?tandem.onUnsupported=passthrough&a=1 | jdbc:stub://h/tandem:x?a=1",
        "jdbc:tandem:mysql://h/db?user=u&tandem.dialect=mysql&password=p%26q | jdbc:mysql://h/db?user=u&password=p%26q",
        "jdbc:tandem:mysql://h/db?tandem.dialect=mysql           | jdbc:mysql://h/db",
        "jdbc:tandem:mysql://h/db?a=1&&b=+2%20                   | jdbc:mysql://h/db?a=1&&b=+2%20",
        "jdbc:tandem:mysql://h/db?                               | jdbc:mysql://h/db?",
        "jdbc:tandem:sqlserver://h;databaseName=tandem:x         | jdbc:sqlserver://h;databaseName=tandem:x",
        "jdbc:tandem:h2:mem:tandem                               | jdbc:h2:mem:tandem",
    })
    void stripsOnlyTheLeadingPrefixAndTheTandemOptions(String url, String real) throws TandemSQLException {
        assertThat(TandemUrl.parse(url).realUrl()).isEqualTo(real);
    }

    @Test
    void decodesTheTandemOptionsOfTheQuery() throws TandemSQLException {
        TandemUrl url = TandemUrl.parse(
            "jdbc:tandem:postgresql://h/db?tandem.config=file%3A%2Ftmp%2Fm+1.yaml&x=%zz&tandem%2EinstanceId=caf%C3%A9");
        assertThat(url.options()).containsExactly(
            Map.entry("tandem.config", "file:/tmp/m+1.yaml"), Map.entry("tandem.instanceId", "café"));
        assertThat(url.realUrl()).isEqualTo("jdbc:postgresql://h/db?x=%zz");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:tandem:",
        "jdbc:tandem:tandem:postgresql://h/db",
        "jdbc:tandem:jdbc:postgresql://h/db",
        "jdbc:tandem:://h/db",
        "jdbc:tandem:postgresql",
        "jdbc:tandem:1pg://h/db",
        "jdbc:tandem:postgresql://h/db?tandem.config=%zz",
        "jdbc:tandem:postgresql://h/db?tandem.config=%4",
        "jdbc:tandem:postgresql://h/db?tandem.config=%",
        "jdbc:tandem:postgresql://h/db?tandem.config",
        "jdbc:tandem:postgresql://h/db?tandem%2Econfig%=x",
        "jdbc:postgresql://h/db",
    })
    void rejectsBadUrls(String url) {
        TandemSQLException e = assertThrows(TandemSQLException.class, () -> TandemUrl.parse(url));
        assertThat(e.getSQLState()).isEqualTo("22023");
        assertThat(e.getMessage()).contains("jdbc:tandem:postgresql://host:5432/db");
    }

    @Test
    void messagesNeverShowTheQueryOrCredentials() {
        assertThat(TandemUrl.safePrefix("jdbc:mysql://u:secret@h/db?password=secret"))
            .isEqualTo("jdbc:mysql://***@h/db?...");
    }

    @Test
    void strictPercentDecodingKeepsPlusSigns() {
        assertThat(TandemUrl.decodeOrNull("a+b%2B%E2%82%AC")).isEqualTo("a+b+€");
        assertThat(TandemUrl.decodeOrNull("%G1")).isNull();
        assertThat(TandemUrl.decodeOrNull("%\u0663\u0663")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:postgresql://h:5432/db",
        "jdbc:postgresql://h:5432/db?sslmode=disable",
        "jdbc:postgresql://h:5432/db?",
        "jdbc:mysql://u:p@h/db?useSSL=false&a=b",
    })
    void aComposedUrlParsesBackToTheRealUrlAndTheOptions(String real) throws TandemSQLException {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("tandem.config", "file:/etc/app/m i&g=r+a%tions€.yaml");
        options.put("tandem.instanceId", "a#b?c");
        String composed = TandemUrl.compose(real, options);
        assertThat(composed).startsWith("jdbc:tandem:" + real.substring(5));
        TandemUrl parsed = TandemUrl.parse(composed);
        assertThat(parsed.realUrl()).isEqualTo(real.endsWith("?") ? real.substring(0, real.length() - 1) : real);
        assertThat(parsed.options()).containsExactlyEntriesOf(options);
        assertThat(parsed.url()).isEqualTo(composed);
    }

    @Test
    void composeLeavesUrlsItCannotPrefixAlone() {
        assertThat(TandemUrl.compose(null, Map.of())).isNull();
        assertThat(TandemUrl.compose("stub:x", Map.of("tandem.config", "a"))).isEqualTo("stub:x");
        assertThat(TandemUrl.compose("jdbc:tandem:postgresql://h/db", Map.of())).isEqualTo("jdbc:tandem:postgresql://h/db");
    }
}
