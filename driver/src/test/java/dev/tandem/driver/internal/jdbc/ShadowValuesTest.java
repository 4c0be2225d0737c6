package dev.tandem.driver.internal.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ShadowValuesTest {

    static Stream<Arguments> pairs() {
        return Stream.of(
            arguments(null, null, true),
            arguments(null, 1, false),
            arguments("a", null, false),
            arguments(1, 1L, true),
            arguments((short) 3, BigInteger.valueOf(3), true),
            arguments(new BigDecimal("1.50"), new BigDecimal("1.5"), true),
            arguments(new BigDecimal("1.50"), 1.5d, true),
            arguments(0.1f, new BigDecimal("0.1"), true),
            arguments(0.1d, new BigDecimal("0.1"), true),
            arguments(2.00d, 2.01d, false),
            arguments(100L, new BigDecimal("100.000"), true),
            arguments(Double.NaN, Double.NaN, true),
            arguments(Double.POSITIVE_INFINITY, 1d, false),
            arguments(new byte[] {1, 2}, new byte[] {1, 2}, true),
            arguments(new byte[] {1, 2}, new byte[] {1, 3}, false),
            arguments("a@x", "a@x", true),
            arguments("a@x", "A@x", false),
            arguments("1", 1, false),
            arguments(Date.valueOf("2024-01-02"), Date.valueOf("2024-01-02"), true));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void comparesNumbersByValueArraysByContentAndTheRestByEquals(Object a, Object b, boolean same) {
        assertThat(ShadowValues.same(a, b)).isEqualTo(same);
        assertThat(ShadowValues.same(b, a)).isEqualTo(same);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void writesTheRowKeyAsNameEqualsValue(List<String> names, Object[] values, String key) {
        assertThat(ShadowValues.rowKey(names, values)).isEqualTo(key);
    }

    static Stream<Arguments> keys() {
        return Stream.of(
            arguments(List.of("id"), new Object[] {42}, "id=42"),
            arguments(List.of("a", "b"), new Object[] {1, 2}, "a=1,b=2"),
            arguments(List.of("id"), new Object[] {null}, "id=null"),
            arguments(List.of("k"), new Object[] {new byte[] {(byte) 0xab, 1}}, "k=\\xab01"),
            arguments(List.of(), new Object[] {5}, "key1=5"));
    }
}
