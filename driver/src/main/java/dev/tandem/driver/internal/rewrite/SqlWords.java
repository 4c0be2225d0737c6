package dev.tandem.driver.internal.rewrite;

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
}
