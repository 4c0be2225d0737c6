package dev.tandem.driver.internal.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which texts share a shape, which do not, and that a shape's literals are the application's exact tokens. */
class ShapeTest {
    private static String key(String sql, boolean mysql) {
        return Shape.of(sql, mysql).key();
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT id FROM users WHERE id = 4711|SELECT id FROM users WHERE id = 1",
        "UPDATE users SET email = 'a@x.io' WHERE id = 1|UPDATE users SET email = 'it''s' WHERE id = 99",
        "SELECT * FROM t WHERE a = 1.5e-3|SELECT * FROM t WHERE a = 2.0E+10",
        "SELECT * FROM t WHERE a = -5|SELECT * FROM t WHERE a = -7",
        "SELECT * FROM t WHERE a LIKE 'x%'|SELECT * FROM t WHERE a LIKE 'é漢字%'",
        "SELECT  id\t FROM users /* trace-id 1 */ WHERE id = 1|SELECT id FROM users WHERE id = 2 -- other",
        "SELECT CASE WHEN a = 'x' THEN 1 ELSE 2 END FROM t|SELECT CASE WHEN a = 'y' THEN 3 ELSE 4 END FROM t",
        "INSERT INTO t (a, b) VALUES (1, 'x')|INSERT INTO t (a, b) VALUES (2, 'yy')",
    })
    void textsThatDifferOnlyInLiteralValuesShareAShape(String a, String b) {
        assertThat(key(a, false)).isEqualTo(key(b, false));
        assertThat(key(a, true)).isEqualTo(key(b, true));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "SELECT a FROM t LIMIT 10|SELECT a FROM t LIMIT 20",
        "SELECT a FROM t LIMIT 10 OFFSET 5|SELECT a FROM t LIMIT 10 OFFSET 6",
        "SELECT a, b FROM t ORDER BY 1|SELECT a, b FROM t ORDER BY 2",
        "SELECT a, count(*) FROM t GROUP BY 1|SELECT a, count(*) FROM t GROUP BY 2",
        "SELECT a FROM t WHERE a IN (1, 2)|SELECT a FROM t WHERE a IN (1, 2, 3)",
        "SELECT a FROM t WHERE a = 1|SELECT a FROM t WHERE a = NULL",
        "SELECT a FROM t WHERE a = 1|SELECT a FROM t WHERE a = '1'",
        "SELECT a FROM t WHERE a = 1|SELECT a FROM t WHERE a = 1.0",
        "SELECT a FROM t WHERE b = TRUE|SELECT a FROM t WHERE b = FALSE",
        "SELECT DATE '2020-01-01'|SELECT DATE '2021-01-01'",
        "SELECT CAST(a AS varchar(10)) FROM t|SELECT CAST(a AS varchar(20)) FROM t",
        "SELECT a FROM t WHERE a = 1|SELECT b FROM t WHERE a = 1",
        "SELECT a FROM t WHERE a = 'x' /*+ hint */|SELECT a FROM t WHERE a = 'x' /*+ other */",
        "SELECT row_number() OVER (ORDER BY 1) FROM t|SELECT row_number() OVER (ORDER BY 2) FROM t",
    })
    void textsThatMayNeedDifferentPlansDoNot(String a, String b) {
        assertThat(key(a, false)).isNotEqualTo(key(b, false));
        assertThat(key(a, true)).isNotEqualTo(key(b, true));
    }

    @Test
    void postgresqlEscapeAndDollarStringsAreKeptWhole() {
        assertThat(key("SELECT a FROM t WHERE a = E'x\\'y'", false))
            .isNotEqualTo(key("SELECT a FROM t WHERE a = E'z'", false));
        Shape s = Shape.of("SELECT a FROM t WHERE a = $q$it's$q$ AND b = 'v'", false);
        assertThat(s.slotCount()).isEqualTo(1);
        assertThat(s.literal(0)).isEqualTo("'v'");
    }

    @Test
    void aBackslashEndsNothingOnPostgresqlAndEscapesOnMysql() {
        String sql = "SELECT a FROM t WHERE a = 'x\\' AND b = 'y'";
        Shape pg = Shape.of(sql, false);
        assertThat(pg.slotCount()).isEqualTo(2);
        assertThat(pg.literal(0)).isEqualTo("'x\\'");
        Shape my = Shape.of(sql, true);
        assertThat(my.slotCount()).isEqualTo(1);
        assertThat(my.literal(0)).isEqualTo("'x\\' AND b = '");
    }

    @Test
    void mysqlDoubleQuotedStringsAndIntroducersAreKeptInTheKey() {
        assertThat(key("SELECT a FROM t WHERE a = \"x\"", true)).isNotEqualTo(key("SELECT a FROM t WHERE a = \"y\"", true));
        assertThat(key("SELECT a FROM t WHERE a = _utf8mb4'x'", true))
            .isNotEqualTo(key("SELECT a FROM t WHERE a = _utf8mb4'y'", true));
        assertThat(key("SELECT a FROM t WHERE a = 0x1F", true)).isNotEqualTo(key("SELECT a FROM t WHERE a = 0x2F", true));
    }

    @Test
    void mysqlDashDashNeedsASpaceToStartAComment() {
        Shape s = Shape.of("SELECT a FROM t WHERE a = 5--1", true);
        assertThat(s.slotCount()).isEqualTo(2);
        assertThat(Shape.of("SELECT a FROM t WHERE a = 5--1", false).slotCount()).isEqualTo(1);
    }

    @Test
    void literalsComeBackByteForByte() {
        String sql = "UPDATE t SET a = 'it''s ☃ \u00e9', b = -1.50E+3, c = 007 WHERE id IN (1, 2) AND n = ''";
        Shape s = Shape.of(sql, false);
        assertThat(List.of(s.literal(0), s.literal(1), s.literal(2), s.literal(3), s.literal(4), s.literal(5)))
            .containsExactly("'it''s ☃ \u00e9'", "1.50E+3", "007", "1", "2", "''");
        assertThat(s.kind(1)).isEqualTo(Shape.DECIMAL);
        assertThat(s.kind(2)).isEqualTo(Shape.INTEGER);
    }

    @Test
    void quotedIdentifiersAreWordsWithoutAKeyword() {
        Shape my = Shape.of("INSERT INTO `users` (`id`, `name`) VALUES (1, 'a')", true);
        assertThat(my.slotCount()).isEqualTo(2);
        Shape pg = Shape.of("INSERT INTO \"users\" (\"id\") VALUES (1) RETURNING \"id\" 'x'", false);
        assertThat(pg.slotCount()).isEqualTo(1);
    }

    @Test
    void executableCommentsAreKept() {
        assertThat(key("SELECT /*! SQL_NO_CACHE */ a FROM t WHERE a = 1", true))
            .isNotEqualTo(key("SELECT a FROM t WHERE a = 1", true));
    }

    @Test
    void identifiersAreMatchedAsWholeTokens() {
        List<String> users = List.of("users");
        assertThat(SqlLexer.identifierAmong("SELECT * FROM superusers", false, users)).isNull();
        assertThat(SqlLexer.identifierAmong("SELECT 'users' FROM t -- users", false, users)).isNull();
        assertThat(SqlLexer.identifierAmong("SELECT * FROM public.\"Users\"", false, users)).isEqualTo("users");
        assertThat(SqlLexer.identifierAmong("SELECT * FROM `users`", true, users)).isEqualTo("users");
        assertThat(SqlLexer.identifierAmong("SELECT * FROM USERS", true, users)).isEqualTo("users");
        assertThat(SqlLexer.identifierAmong("SELECT * FROM users_archive", true, users)).isNull();
        assertThat(SqlLexer.identifierAmong("SELECT E'it\\'s' FROM users", false, users)).isEqualTo("users");
        assertThat(SqlLexer.identifierAmong("SELECT E'users' FROM t", false, users)).isNull();
    }

    @Test
    void theShapePassTellsWhetherATableIsNamedAsTheLexerDoes() {
        List<String> users = List.of("users");
        for (String sql : List.of("SELECT * FROM superusers WHERE a = 1", "SELECT 'users' FROM t WHERE a = 1 -- users",
            "SELECT E'users' FROM t", "SELECT * FROM users_archive", "SELECT * FROM public.\"Users\" WHERE a = 'x'",
            "UPDATE USERS SET a = 1", "SELECT E'it\\'s' FROM users")) {
            boolean pg = SqlLexer.identifierAmong(sql, false, users) != null;
            assertThat(Shape.of(sql, false, users).names()).as(sql).isEqualTo(pg);
        }
        assertThat(Shape.of("SELECT * FROM `users` WHERE a = 1", true, users).names()).isTrue();
        assertThat(Shape.of("SELECT * FROM superusers WHERE a = 1", false, users).names()).isFalse();
        assertThat(Shape.of("UPDATE users SET a = 1", false, List.of()).names()).isFalse();
    }

    @Test
    void theFirstWordSkipsCommentsAndParentheses() {
        assertThat(SqlLexer.firstWord("/* c */ -- x\n ALTER TABLE t", false)).isEqualTo("ALTER");
        assertThat(SqlLexer.firstWord("(select 1)", false)).isEqualTo("SELECT");
        assertThat(SqlLexer.firstWord("# c\ndrop table t", true)).isEqualTo("DROP");
    }
}
