package dev.tandem.driver.internal.text;

import java.util.Collection;
import java.util.Locale;

/**
 * The one place that knows where the application's SQL text has literals, quoted identifiers and comments,
 * per dialect. Everything in Tandem that reads SQL as text goes through it: the prefilter's identifier check,
 * DDL detection, parameter tagging, the parse text, and the statement {@link Shape}.
 *
 * <p>PostgreSQL: {@code '...'} with doubled quotes (standard conforming strings), {@code E'...'} with
 * backslash escapes, {@code $tag$...$tag$}, {@code "quoted"} identifiers, {@code --} and nested
 * {@code /* *}{@code /} comments. MySQL and MariaDB: {@code '...'} and {@code "..."} with backslash escapes,
 * {@code `quoted`} identifiers, {@code #} comments, {@code --} followed by a space or control character,
 * non-nesting {@code /* *}{@code /} comments, and {@code /*! ... *}{@code /} executable comments, which are
 * kept as text (the server runs them).
 */
public final class SqlLexer {
    private SqlLexer() {
    }

    /**
     * If a literal, quoted identifier or comment starts at {@code i}, the index just past it (the end of the
     * text when it is not closed); else {@code i}.
     */
    public static int skip(String s, int i, boolean mysql) {
        int n = s.length();
        char c = s.charAt(i);
        switch (c) {
            case '\'':
                return quoted(s, i, '\'', mysql);
            case '"':
                return quoted(s, i, '"', mysql);
            case '`':
                return mysql ? quoted(s, i, '`', false) : i;
            case '#':
                return mysql ? lineEnd(s, i) : i;
            case '-':
                if (i + 1 < n && s.charAt(i + 1) == '-'
                    && (!mysql || i + 2 >= n || s.charAt(i + 2) <= ' ')) {
                    return lineEnd(s, i);
                }
                return i;
            case '/':
                return i + 1 < n && s.charAt(i + 1) == '*' ? blockCommentEnd(s, i, mysql) : i;
            case '$':
                return mysql ? i : dollarQuoted(s, i);
            case 'E':
            case 'e':
                if (!mysql && i + 1 < n && s.charAt(i + 1) == '\'' && (i == 0 || !isIdentChar(s.charAt(i - 1)))) {
                    return quoted(s, i + 1, '\'', true);
                }
                return i;
            default:
                return i;
        }
    }

    /** True if a comment (not a literal or quoted identifier) starts at {@code i}. */
    static boolean isComment(String s, int i, boolean mysql) {
        char c = s.charAt(i);
        return (c == '#' && mysql) || ((c == '-' || c == '/') && skip(s, i, mysql) > i);
    }

    private static int quoted(String s, int i, char q, boolean backslash) {
        int n = s.length();
        int j = i + 1;
        while (j < n) {
            char d = s.charAt(j);
            if (d == '\\' && backslash && q != '`') {
                j += 2;
                continue;
            }
            if (d == q) {
                if (j + 1 < n && s.charAt(j + 1) == q) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return n;
    }

    private static int lineEnd(String s, int i) {
        int j = s.indexOf('\n', i);
        return j < 0 ? s.length() : j;
    }

    private static int blockCommentEnd(String s, int i, boolean mysql) {
        if (mysql) {
            int j = s.indexOf("*/", i + 2);
            return j < 0 ? s.length() : j + 2;
        }
        int depth = 0; // PostgreSQL block comments nest
        int n = s.length();
        int j = i;
        while (j < n) {
            if (s.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (s.startsWith("*/", j)) {
                j += 2;
                if (--depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return n;
    }

    private static int dollarQuoted(String s, int i) {
        int n = s.length();
        int j = i + 1;
        while (j < n && isIdentChar(s.charAt(j)) && s.charAt(j) != '$') {
            j++;
        }
        if (j < n && s.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(s.charAt(i + 1)))
            && (i == 0 || !isIdentChar(s.charAt(i - 1)))) {
            String tag = s.substring(i, j + 1);
            int close = s.indexOf(tag, j + 1);
            return close < 0 ? n : close + tag.length();
        }
        return i;
    }

    /**
     * The first of {@code lowerNames} that {@code sql} holds as an identifier (bare, or quoted, compared without
     * regard to case), outside literals and comments; null when there is none. Unlike a substring search,
     * {@code users} does not match {@code superusers}, nor a name inside a string.
     */
    public static String identifierAmong(String sql, boolean mysql, Collection<String> lowerNames) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if ((c == 'E' || c == 'e') && !mysql) {
                int end = skip(sql, i, false); // an escape string E'...', not an identifier
                if (end > i) {
                    i = end;
                    continue;
                }
            }
            if (isIdentStart(c)) {
                int j = i + 1;
                while (j < n && isIdentChar(sql.charAt(j))) {
                    j++;
                }
                String hit = match(sql, i, j, lowerNames);
                if (hit != null) {
                    return hit;
                }
                i = j;
                continue;
            }
            if (c == '"' && !mysql || c == '`' && mysql) {
                int end = skip(sql, i, mysql);
                String hit = match(sql, i + 1, Math.max(i + 1, end - 1), lowerNames);
                if (hit != null) {
                    return hit;
                }
                i = end;
                continue;
            }
            if (c >= '0' && c <= '9') {
                int j = i + 1;
                while (j < n && isIdentChar(sql.charAt(j))) {
                    j++;
                }
                i = j;
                continue;
            }
            int end = skip(sql, i, mysql);
            i = end > i ? end : i + 1;
        }
        return null;
    }

    /** True if {@code sql[from, to)} is one of {@code lowerNames}, without regard to case. */
    static boolean isNameAmong(String sql, int from, int to, Collection<String> lowerNames) {
        return !lowerNames.isEmpty() && match(sql, from, to, lowerNames) != null;
    }

    private static String match(String sql, int from, int to, Collection<String> lowerNames) {
        int len = to - from;
        for (String name : lowerNames) {
            if (name.length() == len && sql.regionMatches(true, from, name, 0, len)) {
                return name;
            }
        }
        return null;
    }

    /** The first word of {@code sql}, upper-cased, after whitespace and comments; empty when there is none. */
    public static String firstWord(String sql, boolean mysql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
                continue;
            }
            int end = isComment(sql, i, mysql) ? skip(sql, i, mysql) : i;
            if (end > i) {
                i = end;
                continue;
            }
            int j = i;
            while (j < n && Character.isLetter(sql.charAt(j))) {
                j++;
            }
            return sql.substring(i, j).toUpperCase(Locale.ROOT);
        }
        return "";
    }

    static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80 && Character.isLetter(c);
    }

    static boolean isIdentChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
            || c >= 0x80 && Character.isLetterOrDigit(c);
    }
}
