package dev.tandem.driver.internal.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns rendered SQL whose parameters carry their original index ({@code ?3}) into JDBC SQL with
 * plain {@code ?} markers, and records which original parameter each marker is. Literals, quoted
 * identifiers and comments are skipped, so a {@code ?} inside them is left alone.
 */
public final class ParameterOrder {
    private final String sql;
    private final int[][] map;

    private ParameterOrder(String sql, int[][] map) {
        this.sql = sql;
        this.map = map;
    }

    /** The JDBC SQL text. */
    public String sql() {
        return sql;
    }

    /**
     * {@code map()[i - 1]} lists the rewritten positions of original parameter {@code i}; {@code null}
     * when every original parameter appears once and in order (the identity).
     */
    public int[][] map() {
        return map;
    }

    /**
     * Strips the indexes from {@code tagged}; {@code originalCount} is the number of original parameters,
     * {@code backslashEscapes} whether a backslash escapes a quote in string literals (MySQL).
     */
    public static ParameterOrder of(String tagged, int originalCount, boolean backslashEscapes) {
        StringBuilder out = new StringBuilder(tagged.length());
        List<Integer> order = new ArrayList<>();
        int n = tagged.length();
        int i = 0;
        while (i < n) {
            char c = tagged.charAt(i);
            int end = SqlLexer.skip(tagged, i, backslashEscapes);
            if (end > i) {
                out.append(tagged, i, end);
                i = end;
                continue;
            }
            if (c == '?' && i + 1 < n && Character.isDigit(tagged.charAt(i + 1))) {
                int j = i + 1;
                while (j < n && Character.isDigit(tagged.charAt(j))) {
                    j++;
                }
                order.add(Integer.parseInt(tagged.substring(i + 1, j)));
                out.append('?');
                i = j;
                continue;
            }
            out.append(c);
            i++;
        }
        return new ParameterOrder(out.toString(), buildMap(order, originalCount));
    }

    private static int[][] buildMap(List<Integer> order, int originalCount) {
        boolean identity = order.size() == originalCount;
        for (int k = 0; identity && k < order.size(); k++) {
            identity = order.get(k) == k + 1;
        }
        if (identity) {
            return null;
        }
        int[][] map = new int[originalCount][];
        for (int original = 1; original <= originalCount; original++) {
            int count = 0;
            for (Integer o : order) {
                if (o == original) {
                    count++;
                }
            }
            int[] targets = new int[count];
            int t = 0;
            for (int k = 0; k < order.size(); k++) {
                if (order.get(k) == original) {
                    targets[t++] = k + 1;
                }
            }
            map[original - 1] = targets;
        }
        return map;
    }

    /**
     * Numbers every {@code ?} marker of application SQL ({@code ?} becomes {@code ?1}, {@code ?2}, ...)
     * so each parameter keeps its original index through parsing, copying and rendering. Returns the
     * tagged text; {@code counts[0]} receives the number of markers. PostgreSQL's {@code ??} (a literal
     * question-mark operator in JDBC) is left alone.
     */
    public static String tag(String sql, boolean backslashEscapes, int[] counts) {
        StringBuilder out = null;
        int n = sql.length();
        int count = 0;
        int i = 0;
        int copied = 0;
        while (i < n) {
            int end = SqlLexer.skip(sql, i, backslashEscapes);
            if (end > i) {
                i = end;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '?') {
                if (i + 1 < n && sql.charAt(i + 1) == '?') {
                    i += 2;
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(n + 16);
                }
                out.append(sql, copied, i + 1).append(++count);
                copied = i + 1;
            }
            i++;
        }
        counts[0] = count;
        if (out == null) {
            return sql;
        }
        return out.append(sql, copied, n).toString();
    }

    /**
     * True if {@code position} of {@code s} lies inside a string literal or comment (and, with
     * {@code quotedIdentifiers}, inside a quoted identifier too).
     */
    public static boolean inside(String s, int position, boolean backslashEscapes, boolean quotedIdentifiers) {
        int i = 0;
        while (i < position) {
            char c = s.charAt(i);
            int end = !quotedIdentifiers && (c == '"' || c == '`') ? i : SqlLexer.skip(s, i, backslashEscapes);
            if (end > i) {
                if (end > position) {
                    return true;
                }
                i = end;
            } else {
                i++;
            }
        }
        return false;
    }
}
