package dev.tandem.driver.config;

import java.util.Collection;

/**
 * Case-insensitive substring search for migrated table names. No allocation, no regex: this runs on
 * every statement the application sends, so it only decides whether parsing is needed at all. A false
 * positive costs a parse; a false negative is impossible because every reference to a table contains
 * its name.
 */
final class Prefilter {
    private final char[][] lower;
    private final char[][] upper;

    Prefilter(Collection<String> lowerCaseNames) {
        lower = new char[lowerCaseNames.size()][];
        upper = new char[lowerCaseNames.size()][];
        int i = 0;
        for (String n : lowerCaseNames) {
            lower[i] = n.toCharArray();
            upper[i] = n.toUpperCase(java.util.Locale.ROOT).toCharArray();
            i++;
        }
    }

    boolean matches(String sql) {
        for (int t = 0; t < lower.length; t++) {
            if (contains(sql, lower[t], upper[t])) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String s, char[] lo, char[] up) {
        int n = lo.length;
        int last = s.length() - n;
        char l0 = lo[0];
        char u0 = up[0];
        outer:
        for (int i = 0; i <= last; i++) {
            char c = s.charAt(i);
            if (c != l0 && c != u0) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                char d = s.charAt(i + j);
                if (d != lo[j] && d != up[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
