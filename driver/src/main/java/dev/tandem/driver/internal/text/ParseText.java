package dev.tandem.driver.internal.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text JSqlParser parses for one statement, made from the application's (tagged) text where the parser's
 * grammar falls short of the server's: MySQL {@code #} comments become spaces; PostgreSQL {@code E'...'}
 * strings and the quoted collation of {@code COLLATE "C"} are replaced by placeholders that render back to the
 * application's exact characters; a MySQL trailing {@code LOCK IN SHARE MODE} is parsed off and appended again.
 * Only a rewritten statement is rendered, so none of this changes a statement Tandem sends unchanged.
 *
 * <p>What cannot be carried through a rewrite is flagged instead: MySQL executable comments
 * ({@code /*! ... *}{@code /}), which the parser drops, and PostgreSQL's JDBC escape {@code ??}.
 */
public final class ParseText {
    private static final String LOCK_IN_SHARE_MODE = "LOCK IN SHARE MODE";

    public final String text;
    /** A construct a rendered statement would lose or change; null when there is none. */
    public final String notCarried;
    private final List<String[]> placeholders;
    private final String suffix;

    private ParseText(String text, String notCarried, List<String[]> placeholders, String suffix) {
        this.text = text;
        this.notCarried = notCarried;
        this.placeholders = placeholders;
        this.suffix = suffix;
    }

    public static ParseText of(String sql, boolean mysql) {
        if (nothingToDo(sql, mysql)) {
            return new ParseText(sql, null, List.of(), null);
        }
        StringBuilder out = null;
        List<String[]> placeholders = List.of();
        String notCarried = null;
        int n = sql.length();
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (mysql && c == '#') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out = append(out, sql, copied, i).append(' ');
                copied = end;
                i = end;
                continue;
            }
            if (mysql && c == '/' && sql.startsWith("/*!", i)) {
                notCarried = "a MySQL executable comment (/*! ... */), which the rewritten statement would lose";
            }
            if (!mysql && c == '?' && i + 1 < n && sql.charAt(i + 1) == '?') {
                notCarried = "PostgreSQL's ?? escape (the ? operator), which the parser takes for two parameters";
                i += 2;
                continue;
            }
            if (!mysql && (c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\''
                && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                int end = SqlLexer.skip(sql, i, false);
                String marker = "'tandem_e" + (placeholders.size() + 1) + "_'";
                placeholders = add(placeholders, marker, sql.substring(i, end));
                out = append(out, sql, copied, i).append(marker);
                copied = end;
                i = end;
                continue;
            }
            if (c == '\'' && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                int end = SqlLexer.skip(sql, i, mysql);
                if (sql.lastIndexOf('\\', end - 1) > i) {
                    // JSqlParser's lexer reads some backslash sequences otherwise than the server (MySQL \\'';
                    // PostgreSQL \' in a standard string, where a backslash is an ordinary character): the parser
                    // sees a placeholder, the rendered statement gets the application's literal back.
                    String marker = "'tandem_b" + (placeholders.size() + 1) + "_'";
                    placeholders = add(placeholders, marker, sql.substring(i, end));
                    out = append(out, sql, copied, i).append(marker);
                    copied = end;
                    i = end;
                    continue;
                }
            }
            if (!mysql && (c == 'C' || c == 'c') && (i == 0 || !isIdentChar(sql.charAt(i - 1)))
                && sql.regionMatches(true, i, "COLLATE", 0, 7) && i + 7 < n && !isIdentChar(sql.charAt(i + 7))) {
                int j = i + 7;
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                if (j < n && sql.charAt(j) == '"') {
                    int end = SqlLexer.skip(sql, j, false);
                    String marker = "tandem_q" + (placeholders.size() + 1) + "_";
                    placeholders = add(placeholders, marker, sql.substring(j, end));
                    out = append(out, sql, copied, j).append(marker);
                    copied = end;
                    i = end;
                    continue;
                }
            }
            int end = SqlLexer.skip(sql, i, mysql);
            i = end > i ? end : i + 1;
        }
        String text = out == null ? sql : out.append(sql, copied, n).toString();
        String suffix = null;
        if (mysql) {
            String trimmed = text.stripTrailing();
            if (trimmed.endsWith(";")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1).stripTrailing();
            }
            String words = trimmed.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (words.endsWith(" " + LOCK_IN_SHARE_MODE)) {
                int cut = trimmed.length();
                for (int w = 0; w < 4; w++) {
                    cut = lastWordStart(trimmed, cut);
                }
                text = trimmed.substring(0, cut);
                suffix = " " + LOCK_IN_SHARE_MODE;
            }
        }
        return new ParseText(text, notCarried, placeholders, suffix);
    }

    /**
     * This text with every alias written {@code AS name}, whose name appears nowhere else in the statement,
     * replaced by a placeholder: JSqlParser refuses some words as aliases that the servers accept
     * ({@code AS unknown}). Null when there is no such alias. Only aliases named once are replaced, so nothing
     * that refers to an alias (ORDER BY name) changes meaning.
     */
    public ParseText withAliasesProtected(boolean mysql) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\bAS\\s+([A-Za-z_][A-Za-z0-9_$]*)")
            .matcher(text);
        StringBuilder out = new StringBuilder();
        List<String[]> all = new ArrayList<>(placeholders);
        int copied = 0;
        String lower = text.toLowerCase(Locale.ROOT);
        while (m.find()) {
            if (ParameterOrder.inside(text, m.start(), mysql, true)) {
                continue;
            }
            String word = m.group(1);
            if (occurrences(lower, word.toLowerCase(Locale.ROOT)) != 1) {
                continue;
            }
            String marker = "tandem_a" + (all.size() + 1) + "_";
            all.add(new String[] {marker, word});
            out.append(text, copied, m.start(1)).append(marker);
            copied = m.end(1);
        }
        if (all.size() == placeholders.size()) {
            return null;
        }
        out.append(text, copied, text.length());
        return new ParseText(out.toString(), notCarried, all, suffix);
    }

    private static int occurrences(String lowerText, String word) {
        int count = 0;
        int from = 0;
        int at;
        while ((at = lowerText.indexOf(word, from)) >= 0) {
            int end = at + word.length();
            boolean start = at == 0 || !isIdentChar(lowerText.charAt(at - 1));
            boolean stop = end == lowerText.length() || !isIdentChar(lowerText.charAt(end));
            if (start && stop) {
                count++;
            }
            from = at + 1;
        }
        return count;
    }

    /** Cheap tests that rule out every construct {@link #of} handles (most statements): no scan needed. */
    private static boolean nothingToDo(String sql, boolean mysql) {
        if (mysql) {
            return sql.indexOf('#') < 0 && sql.indexOf('\\') < 0 && sql.indexOf("/*!") < 0 && sql.indexOf("MODE") < 0
                && sql.indexOf("mode") < 0 && sql.indexOf("Mode") < 0;
        }
        return sql.indexOf("??") < 0 && sql.indexOf('\\') < 0 && sql.indexOf("E'") < 0 && sql.indexOf("e'") < 0 && sql.indexOf("OLLATE") < 0
            && sql.indexOf("ollate") < 0;
    }

    /** The rendered statement with the application's own characters back in place of the placeholders. */
    public String restore(String rendered) {
        String out = rendered;
        for (String[] p : placeholders) {
            out = out.replace(p[0], p[1]);
        }
        return suffix == null ? out : out + suffix;
    }

    private static int lastWordStart(String s, int end) {
        int j = end;
        while (j > 0 && Character.isWhitespace(s.charAt(j - 1))) {
            j--;
        }
        while (j > 0 && !Character.isWhitespace(s.charAt(j - 1))) {
            j--;
        }
        return j;
    }

    private static StringBuilder append(StringBuilder out, String sql, int from, int to) {
        StringBuilder b = out == null ? new StringBuilder(sql.length() + 16) : out;
        return b.append(sql, from, to);
    }

    private static List<String[]> add(List<String[]> list, String marker, String original) {
        List<String[]> out = list.isEmpty() ? new ArrayList<>(2) : list;
        out.add(new String[] {marker, original});
        return out;
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
