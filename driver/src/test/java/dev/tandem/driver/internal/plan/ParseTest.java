package dev.tandem.driver.internal.plan;

import dev.tandem.driver.internal.text.SqlText;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.statement.Statements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The planner's parse (the simple parse on the calling thread, JSqlParser's own path for the rest) must
 * give what JSqlParser's own entry point gives for the same text and options: the same statements, the
 * same failures. The corpus covers both paths: short statements of every shape Tandem rewrites, a
 * statement only complex parsing accepts, one nested deeper than JSqlParser's limit, one longer than
 * the calling thread takes, and MySQL's backslash escapes.
 */
class ParseTest {
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @AfterAll
    static void shutdown() {
        POOL.shutdownNow();
    }

    static Stream<String> statements() {
        StringBuilder nested = new StringBuilder("UPDATE users SET email = ");
        nested.append("(".repeat(14)).append('?').append(")".repeat(14)).append(" WHERE id = ?");
        StringBuilder values = new StringBuilder("INSERT INTO users (id, email) VALUES ");
        for (int i = 0; values.length() <= StatementPlanner.CALLING_THREAD_MAX_CHARS; i++) {
            values.append(i == 0 ? "" : ", ").append("(").append(i).append(", 'u").append(i).append("@x.io')");
        }
        return Stream.of(
            "SELECT id, email FROM users WHERE id = ?",
            "SELECT u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = ? /* 17 */",
            "INSERT INTO users (id, email) VALUES (?, ?)",
            "INSERT INTO users (id, email) SELECT id, lower(email) FROM staging WHERE id > 10",
            "INSERT INTO users (id, email) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email",
            "UPDATE users SET email = ?, name = upper(name) WHERE id = ? AND email IS DISTINCT FROM ?",
            "UPDATE users u SET email = s.email FROM staging s WHERE s.id = u.id RETURNING u.id",
            "DELETE FROM users WHERE id IN (SELECT id FROM banned)",
            "WITH x AS (SELECT id FROM users WHERE email LIKE '%@x.io') UPDATE users SET name = 'x' WHERE id IN "
                + "(SELECT id FROM x)",
            "SELECT (email IS NOT NULL) = (name IS NOT NULL) FROM users",
            nested.toString(),
            values.toString());
    }

    @ParameterizedTest
    @MethodSource("statements")
    void sameTreeAsJSqlParsersOwnPath(String sql) throws Exception {
        for (boolean backslash : new boolean[] {false, true}) {
            Statements expected = CCJSqlParserUtil.parseStatements(sql, POOL,
                p -> p.withBackslashEscapeCharacter(backslash));
            Statements actual = StatementPlanner.parseStatements(sql, backslash);
            assertEquals(expected.size(), actual.size());
            assertEquals(expected.toString(), actual.toString());
        }
    }

    @Test
    void shortSimpleStatementsStayOnTheCallingThreadTheRestTakeJSqlParsersPath() {
        // The last three of the corpus: complex parsing only, nested too deep, too long. The rest: simple.
        var all = statements().toList();
        for (int i = 0; i < all.size(); i++) {
            Statements here = StatementPlanner.onCallingThread(all.get(i), false);
            if (i < all.size() - 3) {
                assertNotEquals(null, here, all.get(i));
            } else {
                assertEquals(null, here, all.get(i).substring(0, Math.min(60, all.get(i).length())));
            }
        }
        assertThrows(ParseException.class, () -> CCJSqlParserUtil.newParser("SELECT (email IS NOT NULL) = "
            + "(name IS NOT NULL) FROM users").withAllowComplexParsing(false).Statements());
    }

    @Test
    void backslashEscapesFollowTheDialect() throws Exception {
        String sql = "UPDATE users SET email = 'it\\'s' WHERE id = 1";
        // On the calling thread, so a parser configured without the dialect's escapes would show here.
        assertEquals("UPDATE users SET email = 'it\\'s' WHERE id = 1",
            StatementPlanner.onCallingThread(sql, true).get(0).toString());
        // Without backslash escapes the quote after the backslash ends the literal and the rest does not parse.
        assertEquals(null, StatementPlanner.onCallingThread(sql, false));
        assertThrows(JSQLParserException.class, () -> StatementPlanner.parseStatements(sql, false));
    }

    @Test
    void failuresAreJSqlParsersOwn() {
        String sql = "UPDATE users SET WHERE id = 1";
        JSQLParserException expected = assertThrows(JSQLParserException.class,
            () -> CCJSqlParserUtil.parseStatements(sql, POOL, p -> { }));
        JSQLParserException actual = assertThrows(JSQLParserException.class,
            () -> StatementPlanner.parseStatements(sql, false));
        assertEquals(expected.getMessage(), actual.getMessage());
        assertNotEquals(null, actual.getMessage());
    }

    /**
     * Texts that end every way a statement can (after a block or line comment, in whitespace, inside a
     * literal, a comment or a statement), span several lines, or outgrow JavaCC's 4,096-char buffer: read
     * through {@link SqlText}, each gives JSqlParser's own tree, or its own exception with the same message
     * (which names the line and column of the token it stopped at, so the end's position bookkeeping counts).
     */
    static Stream<String> endings() {
        String longText = "UPDATE users SET email = ? WHERE id IN (" + "1, ".repeat(2_000) + "2)";
        return Stream.of(
            "UPDATE users SET email = ? WHERE id = ? /* 1000000001 */",
            "UPDATE users SET email = ? WHERE id = ? -- trailing line comment",
            "UPDATE users SET email = ? WHERE id = ?   \n\t ",
            "UPDATE users SET email = ? WHERE id = ?;",
            "SELECT id\r\nFROM users\r\nWHERE email = 'a@x.io'\r\n",
            "UPDATE users SET email = 'unterminated WHERE id = 1",
            "UPDATE users SET email = ? WHERE id = ? /* unterminated",
            "UPDATE users SET email =",
            "UPDATE users SET\nemail = ? WHERE",
            longText,
            longText + " AND",
            longText + " AND email = 'never closed");
    }

    @ParameterizedTest
    @MethodSource("endings")
    void theTextsEndIsJSqlParsersOwn(String sql) {
        for (boolean backslash : new boolean[] {false, true}) {
            Object expected = outcome(() -> new CCJSqlParser(new StringProvider(sql))
                .withBackslashEscapeCharacter(backslash).withAllowComplexParsing(false).Statements());
            Object actual = outcome(() -> StatementPlanner.simpleParse(sql, backslash));
            assertEquals(expected, actual);
        }
    }

    @Test
    void theEndOfTheTextCarriesNoStackTrace() throws Exception {
        SqlText text = new SqlText("SELECT 1");
        char[] buffer = new char[16];
        assertEquals(8, text.read(buffer, 0, 16));
        SqlText.EndOfInput end = assertThrows(SqlText.EndOfInput.class, () -> text.read(buffer, 8, 8));
        assertEquals(0, end.getStackTrace().length);
        assertEquals("SELECT 1", new String(buffer, 0, 8));
    }

    /** The statements as text, or the failure as its class and message. */
    private static Object outcome(ParseCall call) {
        try {
            return call.parse().toString();
        } catch (Exception | Error e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @FunctionalInterface
    private interface ParseCall {
        Statements parse() throws Exception;
    }
}
