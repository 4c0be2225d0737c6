package dev.tandem.driver.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What one execution of a statement produced: results or an error, generated keys, and the data it left. */
final class Outcome {

    /** One result of the statement: a result set, an update count or the counts of a batch. */
    static final class Part {
        enum Kind { RESULT_SET, UPDATE_COUNT, BATCH }

        final Kind kind;
        final List<String> labels;
        final List<List<String>> rows;
        final long count;
        final int[] counts;

        private Part(Kind kind, List<String> labels, List<List<String>> rows, long count, int[] counts) {
            this.kind = kind;
            this.labels = labels;
            this.rows = rows;
            this.count = count;
            this.counts = counts;
        }

        static Part resultSet(List<String> labels, List<List<String>> rows) {
            return new Part(Kind.RESULT_SET, labels, rows, 0, null);
        }

        static Part updateCount(long n) {
            return new Part(Kind.UPDATE_COUNT, List.of(), List.of(), n, null);
        }

        static Part batch(int[] counts) {
            return new Part(Kind.BATCH, List.of(), List.of(), 0, counts);
        }

        @Override
        public String toString() {
            switch (kind) {
                case UPDATE_COUNT: return "update count " + count;
                case BATCH: return "batch counts " + Arrays.toString(counts);
                default: return "result set " + labels + " " + (rows.size() > 12 ? rows.subList(0, 12) + " … ("
                    + rows.size() + " rows)" : rows.toString());
            }
        }
    }

    final List<Part> parts = new ArrayList<>();
    Part keys;
    String sqlState;
    String message;
    /** Rows of every table after a write, as text; null for reads and failed statements. */
    List<String> state;
    /** Rows whose new columns are not forward(old) after a write (phases where the old side is the truth). */
    List<String> inconsistent = List.of();
    /** The SQL the real driver executed, when it could be seen (prepared statements). */
    String sent;

    boolean failed() {
        return sqlState != null || message != null;
    }

    boolean refused() {
        return failed() && sqlState != null && sqlState.startsWith("TD");
    }

    String errorClass() {
        return sqlState == null ? "??" : sqlState.length() >= 2 ? sqlState.substring(0, 2) : sqlState;
    }

    String describe() {
        if (failed()) {
            return "error " + sqlState + ": " + abbreviate(message, 400);
        }
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(p);
        }
        if (parts.isEmpty()) {
            b.append("no result");
        }
        if (keys != null) {
            b.append("; generated keys ").append(keys);
        }
        return b.toString();
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "null";
        }
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max) + "…";
    }
}
