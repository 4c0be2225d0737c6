package dev.tandem.driver.internal.text;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A statement's shape: its text with the literal values that cannot change its plan taken out as slots.
 * Texts that differ only in those values share one shape, and so one rewrite plan, whose rewritten text gets
 * each text's own literal tokens back, byte for byte.
 *
 * <p>The key keeps everything else exactly, except that runs of whitespace become one space and ordinary
 * comments are dropped (the parser ignores both; a statement that goes out unchanged is always sent as the
 * application wrote it). Optimizer hints ({@code /*+ *}{@code /}) and MySQL executable comments are kept.
 *
 * <p><b>What is a slot.</b> A plain string literal ({@code 'a''b'}) or an unsigned decimal number
 * ({@code 42}, {@code 9.99}, {@code 1e-3}) whose previous token is an operator, a comma, an opening
 * parenthesis or one of a few keywords that take a value ({@code SELECT}, {@code LIKE}, {@code THEN}...).
 * Everything else is kept in the key, so texts that differ there get shapes of their own:
 * <ul>
 *   <li>{@code NULL}, {@code TRUE}, {@code FALSE}: words, not values in every position ({@code IS NULL}), and
 *       a rewrite may treat them apart;</li>
 *   <li>literals in {@code ORDER BY}, {@code GROUP BY} (an ordinal names a column), {@code LIMIT},
 *       {@code OFFSET}, {@code FETCH}, {@code TOP}, and type arguments ({@code varchar(20)});</li>
 *   <li>typed and prefixed literals ({@code DATE '...'}, {@code INTERVAL 5 DAY}, {@code E'...'},
 *       {@code _utf8mb4'...'}, {@code X'..'}, {@code N'..'}), dollar-quoted and MySQL double-quoted strings,
 *       hexadecimal and binary numbers;</li>
 *   <li>the number of values: {@code IN (1, 2)} and {@code IN (1, 2, 3)} are two shapes.</li>
 * </ul>
 */
public final class Shape {
    /** Marks a slot in a key; a text that holds it anywhere has no shape. */
    public static final char SLOT_MARK = '\u0000';
    static final char STRING = 'S';
    static final char INTEGER = 'I';
    static final char DECIMAL = 'D';

    private static final Words VALUE_KEYWORDS = new Words("SELECT", "AND", "OR", "NOT", "LIKE", "ILIKE",
        "BETWEEN", "THEN", "ELSE", "WHEN", "CASE");
    private static final Words KEEP_CLAUSES = new Words("ORDER", "GROUP", "LIMIT", "OFFSET", "FETCH", "TOP");
    private static final Words SLOT_CLAUSES = new Words("SELECT", "FROM", "WHERE", "HAVING", "SET", "VALUES",
        "ON", "UNION", "INTERSECT", "EXCEPT", "RETURNING", "INTO", "JOIN", "USING", "WINDOW", "PARTITION");
    private static final Words TYPE_WORDS = new Words("VARCHAR", "CHAR", "CHARACTER", "VARYING", "NUMERIC",
        "DECIMAL", "DEC", "FLOAT", "DOUBLE", "REAL", "TIMESTAMP", "TIME", "DATETIME", "BIT", "VARBIT", "BINARY",
        "VARBINARY", "NCHAR", "NVARCHAR", "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "MEDIUMINT", "TEXT",
        "INTERVAL", "PRECISION", "BLOB");

    /**
     * A few keywords, recognised in the text without allocating: a word of the text is compared only with the
     * keywords of its length whose first letter it shares (ASCII letters, any case).
     */
    private static final class Words {
        private final String[] words;
        private final int firstLetters;

        Words(String... words) {
            this.words = words;
            int mask = 0;
            for (String w : words) {
                mask |= 1 << (w.charAt(0) - 'A');
            }
            this.firstLetters = mask;
        }

        boolean has(String sql, int from, int to) {
            if (from < 0) {
                return false;
            }
            int first = (sql.charAt(from) | 0x20) - 'a';
            if (first < 0 || first > 25 || (firstLetters & (1 << first)) == 0) {
                return false;
            }
            int len = to - from;
            for (String w : words) {
                if (w.length() == len && sql.regionMatches(true, from, w, 0, len)) {
                    return true;
                }
            }
            return false;
        }
    }
    private static final int MAX_DEPTH = 64;

    private final String sql;
    private final String key;
    /** Per slot: where its literal starts and ends in {@link #sql}, and its kind. */
    private final int[] slots;
    private final boolean named;

    private Shape(String sql, String key, int[] slots, boolean named) {
        this.sql = sql;
        this.key = key;
        this.slots = slots;
        this.named = named;
    }

    /** True if the text holds one of the names {@link #of(String, boolean, Collection)} looked for, as an identifier. */
    public boolean names() {
        return named;
    }

    /** The key: equal for texts that may share a plan. */
    public String key() {
        return key;
    }

    /** The text this shape was taken from. */
    public String sql() {
        return sql;
    }

    public int slotCount() {
        return slots.length / 3;
    }

    /** Slot {@code i}'s literal exactly as the application wrote it. */
    public String literal(int i) {
        return sql.substring(slots[3 * i], slots[3 * i + 1]);
    }

    /** Appends slot {@code i}'s literal exactly as the application wrote it. */
    public void appendLiteral(StringBuilder out, int i) {
        out.append(sql, slots[3 * i], slots[3 * i + 1]);
    }

    /** {@link #STRING}, {@link #INTEGER} or {@link #DECIMAL}. */
    public char kind(int i) {
        return (char) slots[3 * i + 2];
    }

    /**
     * The key with every slot replaced by {@code markers[i]}: the text planned for the whole shape. Null when a
     * marker's text already occurs in the key (it could not be told apart).
     */
    public String withMarkers(String[] markers, String nonce) {
        if (key.contains(nonce)) {
            return null;
        }
        StringBuilder out = new StringBuilder(key.length() + markers.length * 24);
        int slot = 0;
        int copied = 0;
        int at;
        while ((at = key.indexOf(SLOT_MARK, copied)) >= 0) {
            out.append(key, copied, at).append(markers[slot++]);
            copied = at + 2;
        }
        return out.append(key, copied, key.length()).toString();
    }

    /** The shape of {@code sql}; {@code mysql}: MySQL/MariaDB lexing, else PostgreSQL. */
    public static Shape of(String sql, boolean mysql) {
        return of(sql, mysql, List.of());
    }

    /**
     * The shape of {@code sql}, in the same pass telling whether it holds one of {@code lowerNames} as an
     * identifier (bare or quoted, without regard to case; see {@link SqlLexer#identifierAmong}).
     */
    public static Shape of(String sql, boolean mysql, Collection<String> lowerNames) {
        int n = sql.length();
        boolean named = false;
        StringBuilder key = new StringBuilder(n);
        int[] slots = new int[24];
        int count = 0;
        // per parenthesis depth: 0 = slots allowed, 1 = literals kept (ORDER BY, LIMIT, type arguments...)
        byte[] keep = new byte[MAX_DEPTH];
        int depth = 0;
        char prevKind = ' '; // 'p' punctuation, 'w' word, 'l' literal, ' ' none
        char prevPunct = 0;
        int prevWordFrom = -1;
        int prevWordTo = -1;
        boolean space = false;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c <= ' ' && Character.isWhitespace(c)) {
                space = key.length() > 0;
                i++;
                continue;
            }
            int end = SqlLexer.skip(sql, i, mysql);
            if (end > i && SqlLexer.isComment(sql, i, mysql) && !(c == '/' && end > i + 2
                && (sql.charAt(i + 2) == '+' || sql.charAt(i + 2) == '!'))) {
                space = key.length() > 0; // an ordinary comment: dropped from the key
                i = end;
                continue;
            }
            if (space) {
                key.append(' ');
                space = false;
            }
            if (end > i) { // a literal or quoted identifier, or a hint kept as text
                boolean plainString = c == '\'' && end > i + 1 && sql.charAt(end - 1) == '\'';
                if (plainString && slotAllowed(prevKind, prevPunct, sql, prevWordFrom, prevWordTo,
                    keep[Math.min(depth, MAX_DEPTH - 1)])) {
                    slots = slot(slots, count++, i, end, STRING);
                    key.append(SLOT_MARK).append(STRING);
                } else {
                    key.append(sql, i, end);
                }
                if (!named && (c == '"' && !mysql || c == '`' && mysql)) {
                    named = SqlLexer.isNameAmong(sql, i + 1, Math.max(i + 1, end - 1), lowerNames);
                }
                prevKind = c == '\'' || c == '$' || c == 'E' || c == 'e' || (c == '"' && mysql) ? 'l' : 'w';
                prevWordFrom = -1;
                i = end;
                continue;
            }
            if (c >= '0' && c <= '9' || c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1))
                && (i == 0 || !SqlLexer.isIdentChar(sql.charAt(i - 1)))) {
                int j = numberEnd(sql, i);
                boolean plain = j == n || !SqlLexer.isIdentChar(sql.charAt(j)) && sql.charAt(j) != '.';
                if (plain && slotAllowed(prevKind, prevPunct, sql, prevWordFrom, prevWordTo,
                    keep[Math.min(depth, MAX_DEPTH - 1)])) {
                    char kind = isInteger(sql, i, j) ? INTEGER : DECIMAL;
                    slots = slot(slots, count++, i, j, kind);
                    key.append(SLOT_MARK).append(kind);
                    i = j;
                } else {
                    while (j < n && (SqlLexer.isIdentChar(sql.charAt(j)) || sql.charAt(j) == '.')) {
                        j++; // 0x1F, 1abc, 1.2.3: kept as written
                    }
                    key.append(sql, i, j);
                    i = j;
                }
                prevKind = 'l';
                prevWordFrom = -1;
                continue;
            }
            if (SqlLexer.isIdentStart(c)) {
                int j = i + 1;
                while (j < n && SqlLexer.isIdentChar(sql.charAt(j))) {
                    j++;
                }
                key.append(sql, i, j);
                int d = Math.min(depth, MAX_DEPTH - 1);
                if (KEEP_CLAUSES.has(sql, i, j)) {
                    keep[d] = 1;
                } else if (SLOT_CLAUSES.has(sql, i, j)) {
                    keep[d] = (byte) (d > 0 && keep[d] == 2 ? 2 : 0);
                }
                if (!named) {
                    named = SqlLexer.isNameAmong(sql, i, j, lowerNames);
                }
                prevKind = 'w';
                prevWordFrom = i;
                prevWordTo = j;
                i = j;
                continue;
            }
            if (c == '(') {
                byte inherited = keep[Math.min(depth, MAX_DEPTH - 1)] != 0 ? (byte) 1 : 0;
                depth++;
                keep[Math.min(depth, MAX_DEPTH - 1)] = prevKind == 'w' && TYPE_WORDS.has(sql, prevWordFrom, prevWordTo)
                    ? (byte) 2 : inherited;
            } else if (c == ')' && depth > 0) {
                depth--;
            }
            key.append(c);
            prevKind = 'p';
            prevPunct = c;
            prevWordFrom = -1;
            i++;
        }
        return new Shape(sql, key.toString(), Arrays.copyOf(slots, 3 * count), named);
    }

    /** {@code slots} with slot {@code index} (from, to, kind) set, grown when full. */
    private static int[] slot(int[] slots, int index, int from, int to, char kind) {
        int[] s = 3 * index + 3 > slots.length ? Arrays.copyOf(slots, slots.length * 2) : slots;
        s[3 * index] = from;
        s[3 * index + 1] = to;
        s[3 * index + 2] = kind;
        return s;
    }

    private static boolean slotAllowed(char prevKind, char prevPunct, String sql, int prevWordFrom, int prevWordTo,
                                       byte keep) {
        if (keep != 0) {
            return false;
        }
        if (prevKind == 'p') {
            switch (prevPunct) {
                case '=': case '<': case '>': case ',': case '(': case '+': case '-': case '*': case '/': case '%':
                case '|':
                    return true;
                default:
                    return false;
            }
        }
        return prevKind == 'w' && VALUE_KEYWORDS.has(sql, prevWordFrom, prevWordTo);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The end of the decimal number at {@code i}: digits, an optional fraction, an optional exponent. */
    private static int numberEnd(String s, int i) {
        int n = s.length();
        int j = i;
        while (j < n && isDigit(s.charAt(j))) {
            j++;
        }
        if (j < n && s.charAt(j) == '.') {
            j++;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(s.charAt(k))) {
                j = k;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
            }
        }
        return j;
    }

    private static boolean isInteger(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
