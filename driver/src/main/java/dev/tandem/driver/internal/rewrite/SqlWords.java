package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;

import java.util.Locale;
import java.util.Set;

/**
 * The identifiers of SQL text Tandem generated (a forward/backward expression with values substituted), outside
 * string literals: bare words and double-quoted or backquoted names. The rewriters read generated text through
 * this one scan when they need to know which columns it names.
 */
final class SqlWords {
    /** Receives one identifier: {@code text.substring(start, end)}, quotes included. */
    @FunctionalInterface
    interface Visitor {
        /** Returns false to stop the scan. */
        boolean word(String text, int start, int end);
    }

    private SqlWords() {
    }

    static void scan(String text, Visitor visitor) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char ch = text.charAt(i);
            if (ch == '\'') {
                i++;
                while (i < n && !(text.charAt(i) == '\'' && (i + 1 >= n || text.charAt(i + 1) != '\''))) {
                    i += text.charAt(i) == '\'' ? 2 : 1;
                }
                i++;
                continue;
            }
            if (Character.isLetter(ch) || ch == '_' || ch == '"' || ch == '`') {
                int start = i;
                if (ch == '"' || ch == '`') {
                    int close = text.indexOf(ch, i + 1);
                    i = close < 0 ? n : close + 1;
                } else {
                    while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == '$')) {
                        i++;
                    }
                }
                if (!visitor.word(text, start, i)) {
                    return;
                }
                continue;
            }
            i++;
        }
    }

    /**
     * True if {@code text} names {@code column} as an identifier outside string literals, unqualified or qualified
     * with one of {@code staleQualifiers} (lower case); a column of another qualifier (a derived table) is another
     * column.
     */
    static boolean mentions(String text, String column, boolean proposedRowCounts, Set<String> staleQualifiers) {
        boolean[] found = new boolean[1];
        SqlWords.scan(text, (t, start, end) -> {
            String word = Identifiers.unquote(t.substring(start, end));
            String before = t.substring(0, start).stripTrailing().toLowerCase(Locale.ROOT);
            boolean label = before.endsWith(" as") || before.equals("as");
            if (!word.equalsIgnoreCase(column) || (end < t.length() && t.charAt(end) == '(') || label) {
                return true;
            }
            boolean proposed = before.endsWith("excluded.") || before.endsWith("values(");
            if (before.endsWith(".") && !proposed) {
                int q = before.length() - 1;
                int qs = q;
                while (qs > 0 && (Character.isLetterOrDigit(before.charAt(qs - 1)) || before.charAt(qs - 1) == '_'
                    || before.charAt(qs - 1) == '"' || before.charAt(qs - 1) == '`' || before.charAt(qs - 1) == '$')) {
                    qs--;
                }
                if (!staleQualifiers.contains(Identifiers.unquote(before.substring(qs, q)))) {
                    return true; // a column of another source (a derived table) of the same name
                }
            }
            found[0] |= !proposed || proposedRowCounts;
            return !found[0];
        });
        return found[0];
    }

    /** True if {@code name} is one identifier, bare or quoted. */
    static boolean isIdentifier(String name) {
        if (name.length() >= 2 && (name.charAt(0) == '"' || name.charAt(0) == '`')) {
            return name.indexOf(name.charAt(0), 1) == name.length() - 1;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || ch == '_' || ch == '$')) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
