package dev.tandem.driver.internal.text;

import java.util.Collection;

/**
 * Case-insensitive substring search for migrated table names. No allocation, no regex: this runs on
 * every statement the application sends, so it only decides whether parsing is needed at all. A false
 * positive costs a parse; a false negative is impossible because every reference to a table contains
 * its name.
 */
public final class Prefilter {
    private final char[][] lower;
    private final char[][] upper;

    public Prefilter(Collection<String> lowerCaseNames) {
        lower = new char[lowerCaseNames.size()][];
        upper = new char[lowerCaseNames.size()][];
        int i = 0;
        for (String n : lowerCaseNames) {
            lower[i] = n.toCharArray();
            upper[i] = n.toUpperCase(java.util.Locale.ROOT).toCharArray();
            i++;
        }
    }

    public boolean matches(String sql) {
        for (int t = 0; t < lower.length; t++) {
            if (contains(sql, lower[t], upper[t])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Case-insensitive containment. {@code String.indexOf(char)} is a vectorised intrinsic, so finding the
     * candidate positions of the first letter (in both cases) costs far less than a char-by-char loop;
     * only candidates are compared in full.
     */
    private static boolean contains(String s, char[] lo, char[] up) {
        int n = lo.length;
        int last = s.length() - n;
        if (last < 0) {
            return false;
        }
        char l0 = lo[0];
        char u0 = up[0];
        int nextLower = s.indexOf(l0);
        int nextUpper = l0 == u0 ? -1 : s.indexOf(u0);
        while (nextLower >= 0 || nextUpper >= 0) {
            int i;
            if (nextUpper < 0 || (nextLower >= 0 && nextLower < nextUpper)) {
                i = nextLower;
                nextLower = s.indexOf(l0, i + 1);
            } else {
                i = nextUpper;
                nextUpper = s.indexOf(u0, i + 1);
            }
            if (i > last) {
                return false;
            }
            if (rest(s, i, lo, up)) {
                return true;
            }
        }
        return false;
    }

    private static boolean rest(String s, int i, char[] lo, char[] up) {
        for (int j = 1; j < lo.length; j++) {
            char d = s.charAt(i + j);
            if (d != lo[j] && d != up[j]) {
                return false;
            }
        }
        return true;
    }
}
