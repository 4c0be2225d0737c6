package dev.tandem.driver.internal.plan;

import dev.tandem.driver.internal.rewrite.WriteStep;

/**
 * One statement a plan runs besides the application's, planned: its JDBC text and where each application
 * parameter goes in it (see {@link WriteStep}).
 *
 * @param sql          the JDBC text; {@link WriteStep#KEYS} marks where captured keys go
 * @param parameterMap {@code parameterMap[i - 1]}: the 1-based indexes of application parameter {@code i};
 *                     {@code null} when the step takes the application's parameters in order, one each
 * @param when         when it runs
 */
public record Step(String sql, int[][] parameterMap, WriteStep.When when) {
    /** The indexes in this step of application parameter {@code index} (1-based). */
    public int[] targets(int index) {
        if (parameterMap == null) {
            return new int[] {index};
        }
        return index < 1 || index > parameterMap.length ? new int[0] : parameterMap[index - 1];
    }

    /** True if captured keys fill this step. */
    public boolean keyed() {
        return sql.contains(WriteStep.KEYS);
    }

    /** This step with {@code newSql} (a shape's template filled). */
    Step withSql(String newSql) {
        return new Step(newSql, parameterMap, when);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Step s && s.sql.equals(sql) && s.when == when
            && java.util.Arrays.deepEquals(s.parameterMap, parameterMap);
    }

    @Override
    public int hashCode() {
        return sql.hashCode() * 31 + when.hashCode();
    }
}
