package dev.tandem.driver.oracle;

import dev.tandem.testdb.DbKind;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static dev.tandem.driver.oracle.OracleCase.nul;
import static dev.tandem.driver.oracle.OracleCase.obj;

/**
 * The hand-picked statements: what applications, ORMs (Hibernate, JPA, MyBatis) and people send, over the
 * oracle schema ({@link OracleSchema}). Values written to migrated columns stay within what the migrations
 * round-trip (two-word full names, one-word given/family names, both or neither NULL), so that a difference
 * can only come from Tandem. {@code must()} marks ordinary SQL that Tandem must not refuse.
 */
final class OracleCorpus {

    private final List<OracleCase> cases = new ArrayList<>();

    private OracleCorpus() {
    }

    private OracleCase b(String sql, Object... p) {
        OracleCase c = new OracleCase(sql, p);
        cases.add(c);
        return c;
    }

    private OracleCase pg(String sql, Object... p) {
        return b(sql, p).pg();
    }

    private OracleCase my(String sql, Object... p) {
        return b(sql, p).my();
    }

    /** The same statement in each dialect's spelling; returns the PostgreSQL one, flags apply to both via {@code must}. */
    private void both(boolean must, String pgSql, String mySql, Object... p) {
        OracleCase a = pg(pgSql, p);
        OracleCase m = my(mySql, p);
        if (must) {
            a.must();
            m.must();
        }
    }

    private OracleCase batchStmts(String... sql) {
        OracleCase c = OracleCase.statementBatch(sql);
        cases.add(c);
        return c;
    }

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    private static Date date(String s) {
        return Date.valueOf(s);
    }

    private static Timestamp ts(String s) {
        return Timestamp.valueOf(s);
    }

    private static String repeat(char ch, int n) {
        return String.valueOf(ch).repeat(n);
    }

    /** Every hand-picked case applying to {@code kind}, numbered from 0 in corpus order. */
    static List<OracleCase> cases(DbKind kind) {
        OracleCorpus c = new OracleCorpus();
        c.selects();
        c.joinsAndSubqueries();
        c.ctesSetOpsWindows();
        c.dialectReads();
        c.inserts();
        c.upserts();
        c.updates();
        c.deletes();
        c.batchesAndMisc();
        List<OracleCase> out = new ArrayList<>();
        for (int i = 0; i < c.cases.size(); i++) {
            OracleCase k = c.cases.get(i);
            k.origin = "corpus";
            k.index = i;
            if (k.dialects.contains(kind)) {
                out.add(k);
            }
        }
        return out;
    }

    private void selects() {
        // Plain reads, as hand-written code and ORMs send them.
        b("SELECT id, name, email FROM users WHERE id = ?", 1).must();
        b("SELECT id, name, email FROM users WHERE id = ?", 1L).must();
        b("SELECT id, name, email FROM users WHERE id = ?", obj(3)).must();
        b("SELECT * FROM users ORDER BY id").must();
        b("SELECT * FROM users WHERE id = ?", 2).must();
        b("SELECT u.* FROM users u WHERE u.email LIKE ? ORDER BY u.id", "%@x.io").must();
        b("SELECT email FROM users ORDER BY id").must();
        b("SELECT email FROM users ORDER BY id").prepared().must();
        b("SELECT name FROM users WHERE email = ?", "bob@x.io").must();
        b("SELECT name FROM users WHERE email = 'dee@x.io'").must();
        b("SELECT id FROM users WHERE email IS NULL").must();
        b("SELECT id FROM users WHERE email IS NOT NULL ORDER BY id DESC").must();
        b("SELECT COUNT(*) FROM users WHERE email LIKE '%@y.org'").must();
        b("SELECT count(*) AS n FROM users WHERE email LIKE ?", "%x.io").must();
        b("select u1_0.id,u1_0.created,u1_0.email,u1_0.name,u1_0.score from users u1_0 where u1_0.email=?",
            "ann@x.io").must().note("Hibernate 6 find by natural id");
        b("select u1_0.id,u1_0.created,u1_0.email,u1_0.name,u1_0.score from users u1_0 where u1_0.id=?", 4L).must()
            .note("Hibernate find by id");
        b("select count(u1_0.id) from users u1_0 where u1_0.email is not null").must();
        b("select o1_0.id,o1_0.note,o1_0.price,o1_0.qty,o1_0.status,o1_0.user_id from orders o1_0 where o1_0.user_id=? "
            + "order by o1_0.id", 1L).must();
        b("select o1_0.id,o1_0.note,o1_0.price,o1_0.qty,o1_0.status,u1_0.id,u1_0.created,u1_0.email,u1_0.name,"
            + "u1_0.score from orders o1_0 left join users u1_0 on u1_0.id=o1_0.user_id where o1_0.price>? "
            + "order by o1_0.id", dec("1.00")).must().note("Hibernate join fetch");
        pg("select u1_0.id,u1_0.email from users u1_0 order by u1_0.email offset ? rows fetch first ? rows only", 1, 3)
            .must().note("Hibernate pagination, PostgreSQL dialect");
        my("select u1_0.id,u1_0.email from users u1_0 order by u1_0.email limit ?,?", 1, 3).must()
            .note("Hibernate pagination, MySQL dialect");
        b("SELECT id, name, email, created, score FROM users WHERE email IN (?, ?, ?) ORDER BY id", "ann@x.io",
            "dee@x.io", "nobody@x.io").must().note("MyBatis foreach");
        b("SELECT id, name, email FROM users WHERE 1 = 1 AND email LIKE CONCAT('%', ?, '%') ORDER BY id", "y.org")
            .must().note("MyBatis dynamic where");
        b("SELECT id, price FROM orders ORDER BY id").must();
        b("SELECT * FROM orders ORDER BY id").must();
        b("SELECT id, price FROM orders WHERE price > ? ORDER BY price DESC, id", dec("5")).must();
        b("SELECT id, price FROM orders WHERE price = ?", dec("5.00")).must();
        b("SELECT id, price FROM orders WHERE price = ? ORDER BY id", 5).must();
        b("SELECT id, price FROM orders WHERE price = ? ORDER BY id", 5.0).must();
        b("SELECT id, price FROM orders WHERE price BETWEEN ? AND ? ORDER BY id", dec("1"), dec("50")).must();
        b("SELECT id FROM orders WHERE price IS NULL").must();
        b("SELECT id, price * qty AS total FROM orders WHERE price * qty > ? ORDER BY total DESC, id", 10).must();
        b("SELECT SUM(price), MIN(price), MAX(price), COUNT(price) FROM orders").must();
        b("SELECT AVG(price) AS avg_price FROM orders WHERE user_id = ?", 1).must();
        b("SELECT user_id, SUM(price) AS total FROM orders GROUP BY user_id ORDER BY user_id").must();
        b("SELECT status, COUNT(*) AS n, SUM(price) AS s, MAX(price) AS mx FROM orders GROUP BY status ORDER BY status")
            .must();
        b("SELECT user_id AS uid, SUM(price) AS total FROM orders GROUP BY uid HAVING SUM(price) > ? "
            + "ORDER BY total DESC, uid", dec("10")).must();
        my("SELECT user_id AS uid, SUM(price) AS total FROM orders GROUP BY uid HAVING total > ? ORDER BY uid",
            dec("10")).must();
        b("SELECT price, COUNT(*) FROM orders GROUP BY price ORDER BY price").must();
        b("SELECT COUNT(DISTINCT price) FROM orders").must();
        b("SELECT DISTINCT price FROM orders ORDER BY price").must();
        b("SELECT email AS e, id FROM users ORDER BY e, id").must();
        b("SELECT email AS e FROM users ORDER BY 1").must();
        b("SELECT id, email FROM users ORDER BY 2 DESC, 1").must();
        b("SELECT id, email FROM users ORDER BY email LIMIT 3").must();
        b("SELECT id, email FROM users ORDER BY email DESC LIMIT 2 OFFSET 1").must();
        b("SELECT id, email FROM users ORDER BY id LIMIT ?", 2).must();
        my("SELECT id, email FROM users ORDER BY id LIMIT 2, 3").must();
        b("SELECT COALESCE(email, 'none') AS e FROM users ORDER BY id").must();
        b("SELECT id, CASE WHEN email IS NULL THEN 'missing' WHEN email LIKE '%y.org' THEN 'y' ELSE 'x' END AS kind "
            + "FROM users ORDER BY id").must();
        b("SELECT UPPER(email) AS u FROM users ORDER BY id").must();
        b("SELECT LOWER(email) FROM users ORDER BY id").must();
        b("SELECT LENGTH(email) AS len FROM users ORDER BY id").must();
        b("SELECT id FROM users WHERE LOWER(email) = LOWER(?)", "EVE@x.io").must();
        b("SELECT id FROM users WHERE email LIKE ? ESCAPE '!' ORDER BY id", "%!_%").must();
        b("SELECT id, NULLIF(email, 'ann@x.io') AS e FROM users ORDER BY id").must();
        b("SELECT id FROM users WHERE email <> ? ORDER BY id", "ann@x.io").must();
        b("SELECT id FROM users WHERE NOT (email = ?) ORDER BY id", "ann@x.io").must();
        b("SELECT id FROM users WHERE email > 'c' AND email < 'g' ORDER BY id").must();
        b("SELECT id, name FROM users WHERE created BETWEEN ? AND ? ORDER BY id", date("2024-02-01"),
            date("2024-04-30")).must();
        b("SELECT id FROM users WHERE created < ? ORDER BY id", ts("2024-03-02 00:00:00")).must();
        b("SELECT id FROM users WHERE score = ? ORDER BY id", obj(10L)).must();
        b("SELECT id FROM users WHERE (id, email) IN ((1, 'ann@x.io'), (2, 'bob@x.io'), (3, NULL)) ORDER BY id").must();
        b("SELECT full_name FROM people ORDER BY id").must();
        b("SELECT * FROM people ORDER BY id").must();
        b("SELECT id, full_name, age FROM people WHERE full_name = ?", "Alan Turing").must();
        b("SELECT id FROM people WHERE full_name LIKE ? ORDER BY id", "A%").must();
        b("SELECT UPPER(full_name) AS up, age FROM people ORDER BY id").must();
        b("SELECT full_name FROM people WHERE age > ? ORDER BY full_name", 40).must();
        b("SELECT given_name, family_name FROM contacts ORDER BY id").must();
        b("SELECT * FROM contacts ORDER BY id").must();
        b("SELECT id FROM contacts WHERE given_name = ? AND family_name = ?", "Grace", "Hopper").must();
        b("SELECT family_name, COUNT(*) AS n FROM contacts GROUP BY family_name ORDER BY family_name").must();
        b("SELECT COUNT(DISTINCT family_name) FROM contacts").must();
        b("SELECT id FROM contacts WHERE given_name IS NULL").must();
        b("SELECT given_name AS g FROM contacts WHERE city = ? ORDER BY g", "London").must();
        b("SELECT id, note FROM audit_log ORDER BY id").must();
        b("SELECT * FROM audit_log WHERE user_id = ? ORDER BY id", 1).must();
        b("SELECT id, name FROM users WHERE score > ? ORDER BY id", 15).must();
        b("SELECT name FROM users ORDER BY name").must();
        b("SELECT MAX(price) - MIN(price) AS spread FROM orders").must();
        b("SELECT id FROM orders WHERE price = (SELECT MAX(price) FROM orders)").must();
        b("SELECT id FROM orders WHERE price > ALL (SELECT price FROM orders WHERE user_id = 1 AND price IS NOT NULL) "
            + "ORDER BY id").must();
        b("SELECT id FROM orders WHERE price > ANY (SELECT price FROM orders WHERE user_id = 2) ORDER BY id").must();
        b("SELECT id FROM orders WHERE price IN (?, ?) ORDER BY id", dec("5.00"), dec("12.34")).must();
        b("SELECT id FROM orders WHERE price NOT IN (5.00, 12.34) ORDER BY id").must();
        b("SELECT ROUND(price) AS r, FLOOR(price) AS f, ABS(price) AS a FROM orders ORDER BY id").must();
        b("SELECT id, price / 2 AS half FROM orders ORDER BY id").must();
        b("SELECT id, -price AS neg FROM orders ORDER BY id").must();
        b("SELECT (email) FROM users WHERE id = 1").note("parenthesised column: documented label problem on PG");
        b("SELECT email FROM users WHERE id = 1 AND email = email").must();
    }

    private void joinsAndSubqueries() {
        b("SELECT o.id, u.email, o.price FROM orders o JOIN users u ON u.id = o.user_id ORDER BY o.id").must();
        b("SELECT o.id, u.email, o.price FROM orders o INNER JOIN users u ON u.id = o.user_id WHERE u.email = ? "
            + "ORDER BY o.id", "ann@x.io").must();
        b("SELECT u.email, o.price FROM users u LEFT JOIN orders o ON o.user_id = u.id ORDER BY u.id, o.id").must();
        b("SELECT u.email, o.price FROM users u LEFT OUTER JOIN orders o ON o.user_id = u.id AND o.price > ? "
            + "ORDER BY u.id, o.id", dec("5")).must();
        b("SELECT u.email, o.id FROM users u RIGHT JOIN orders o ON o.user_id = u.id ORDER BY o.id").must();
        b("SELECT u.id, o.id FROM users u CROSS JOIN orders o WHERE u.email = ? ORDER BY u.id, o.id", "bob@x.io")
            .must();
        b("SELECT u.id, o.id, o.price FROM users u, orders o WHERE o.user_id = u.id AND u.email LIKE ? "
            + "ORDER BY o.id", "%x.io").must();
        b("SELECT email, qty FROM users JOIN orders ON users.id = orders.user_id ORDER BY orders.id").must();
        b("SELECT users.email, orders.price FROM users JOIN orders ON users.id = orders.user_id "
            + "WHERE orders.price > users.score ORDER BY orders.id").must();
        b("SELECT id, email, note FROM users JOIN audit_log USING (id) ORDER BY id").must();
        b("SELECT id, email, user_id FROM users NATURAL JOIN audit_log ORDER BY id");
        b("SELECT u.id FROM users u NATURAL JOIN (SELECT email, name FROM users WHERE score > 10) s ORDER BY u.id")
            .note("NATURAL JOIN on an old column: documented known problem");
        b("SELECT s.id FROM (SELECT id, email FROM users) s JOIN (SELECT email FROM users WHERE score > 10) t "
            + "USING (email) ORDER BY s.id").note("USING on an old column: documented refusal");
        b("SELECT a.id AS a_id, b.id AS b_id FROM users a JOIN users b ON a.score = b.score AND a.id < b.id "
            + "ORDER BY a.id, b.id").must();
        b("SELECT a.email, b.email FROM users a JOIN users b ON a.id = b.id - 1 ORDER BY a.id").must();
        b("SELECT c.given_name, p.full_name FROM contacts c JOIN people p ON p.id = c.person_id ORDER BY c.id").must();
        b("SELECT c.id, p.full_name, u.email FROM contacts c LEFT JOIN people p ON p.id = c.person_id "
            + "LEFT JOIN users u ON u.id = c.id ORDER BY c.id").must();
        b("SELECT c.*, p.* FROM contacts c LEFT JOIN people p ON p.id = c.person_id ORDER BY c.id").must();
        b("SELECT p.*, c.city FROM people p, contacts c WHERE c.person_id = p.id ORDER BY p.id, c.id").must();
        both(true, "SELECT c.id, p.id FROM contacts c JOIN people p ON p.full_name = c.given_name || ' ' || "
                + "c.family_name ORDER BY c.id",
            "SELECT c.id, p.id FROM contacts c JOIN people p ON p.full_name = CONCAT(c.given_name, ' ', c.family_name) "
                + "ORDER BY c.id, p.id");
        b("SELECT name FROM users WHERE id IN (SELECT user_id FROM orders WHERE price > ?) ORDER BY name", dec("10"))
            .must();
        b("SELECT name FROM users WHERE id NOT IN (SELECT user_id FROM orders WHERE user_id IS NOT NULL) ORDER BY name")
            .must();
        b("SELECT email FROM users WHERE id IN (SELECT user_id FROM orders WHERE price > ?) ORDER BY email", dec("6"))
            .must();
        b("SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.price > ?) "
            + "ORDER BY id", dec("50")).must();
        b("SELECT id FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id) ORDER BY id").must();
        b("SELECT u.id, (SELECT SUM(o.price) FROM orders o WHERE o.user_id = u.id) AS spent FROM users u ORDER BY u.id")
            .must();
        b("SELECT (SELECT u2.email FROM users u2 WHERE u2.id = o.user_id) AS owner FROM orders o ORDER BY o.id").must();
        b("SELECT o.id, (SELECT MAX(o2.price) FROM orders o2 WHERE o2.user_id = o.user_id AND o2.id <> o.id) AS other "
            + "FROM orders o ORDER BY o.id").must();
        b("SELECT id FROM orders o WHERE price > (SELECT AVG(price) FROM orders o2 WHERE o2.user_id = o.user_id) "
            + "ORDER BY id").must();
        b("SELECT s.email FROM (SELECT id, email FROM users) s ORDER BY s.id").must();
        b("SELECT t.email, t.n FROM (SELECT u.email, COUNT(o.id) AS n FROM users u LEFT JOIN orders o "
            + "ON o.user_id = u.id GROUP BY u.email) t ORDER BY t.email").must();
        b("SELECT * FROM (SELECT id, price FROM orders WHERE price > 1) big ORDER BY id").must();
        b("SELECT big.* FROM (SELECT id, price, qty FROM orders) big WHERE big.price < ? ORDER BY big.id", dec("50"))
            .must();
        b("SELECT x.e FROM (SELECT email AS e FROM users WHERE id < 4) x WHERE x.e IS NOT NULL ORDER BY x.e").must();
        b("SELECT id FROM users WHERE email = (SELECT email FROM users WHERE id = ?)", 2).must();
        b("SELECT u.id FROM users u WHERE u.email IN (SELECT LOWER(email) FROM users) ORDER BY u.id").must();
        b("SELECT p.id, (SELECT COUNT(*) FROM contacts c WHERE c.person_id = p.id) AS n FROM people p "
            + "WHERE p.full_name IS NOT NULL ORDER BY p.id").must();
        b("SELECT id FROM people WHERE full_name IN (SELECT CONCAT(given_name, ' ', family_name) FROM contacts) "
            + "ORDER BY id").must();
        b("SELECT id FROM contacts c WHERE EXISTS (SELECT 1 FROM people p WHERE p.id = c.person_id "
            + "AND p.full_name LIKE CONCAT(c.given_name, '%')) ORDER BY id").must();
        b("SELECT u.id FROM users u WHERE u.id IN (SELECT o.user_id FROM orders o WHERE o.id IN "
            + "(SELECT a.user_id FROM audit_log a WHERE a.note IS NOT NULL)) ORDER BY u.id").must();
        b("SELECT note FROM audit_log a WHERE a.user_id IN (SELECT id FROM users WHERE email LIKE ?) ORDER BY a.id",
            "%x.io").must();
        b("SELECT a.id, u.email FROM audit_log a JOIN users u ON u.id = a.user_id ORDER BY a.id").must();
    }

    private void ctesSetOpsWindows() {
        b("WITH x AS (SELECT id, email FROM users WHERE id < ?) SELECT email FROM x ORDER BY id", 4).must();
        b("WITH big AS (SELECT * FROM orders WHERE price > 10) SELECT id, price FROM big ORDER BY id").must();
        b("WITH big AS (SELECT id, price FROM orders WHERE price > 10) SELECT * FROM big ORDER BY id").must();
        b("WITH t AS (SELECT user_id, SUM(price) AS s FROM orders GROUP BY user_id) SELECT u.email, t.s FROM users u "
            + "JOIN t ON t.user_id = u.id ORDER BY u.id").must();
        b("WITH a AS (SELECT id, email FROM users), b AS (SELECT id, email FROM a WHERE email LIKE '%x.io') "
            + "SELECT email FROM b ORDER BY id").must();
        b("WITH users AS (SELECT id, name FROM users WHERE score > 10) SELECT * FROM users ORDER BY id")
            .note("CTE named like a migrated table");
        b("WITH users AS (SELECT id, email FROM users) SELECT email FROM users ORDER BY id")
            .note("CTE named like a migrated table, shadowing it");
        b("WITH orders AS (SELECT id, note AS price FROM audit_log) SELECT price FROM orders ORDER BY id")
            .note("CTE named like a migrated table with a column named like its old column");
        b("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT r.n, u.email FROM r "
            + "JOIN users u ON u.id = r.n ORDER BY r.n").must();
        b("WITH RECURSIVE chain AS (SELECT id, user_id, price, 1 AS depth FROM orders WHERE id = 1 UNION ALL "
            + "SELECT o.id, o.user_id, o.price, chain.depth + 1 FROM orders o JOIN chain ON o.id = chain.id + 1 "
            + "WHERE chain.depth < 4) SELECT id, price, depth FROM chain ORDER BY id").must();
        b("SELECT email FROM users WHERE score > 20 UNION SELECT note FROM orders WHERE price > 10 ORDER BY 1").must();
        b("SELECT email FROM users WHERE id < 3 UNION SELECT 'none@x' ORDER BY 1").must();
        b("SELECT email AS e FROM users WHERE id < 3 UNION ALL SELECT note FROM audit_log WHERE id < 3 ORDER BY e "
            + "LIMIT 3").must();
        b("SELECT id, email FROM users WHERE id = ? UNION ALL SELECT id, email FROM users WHERE id = ? ORDER BY id", 1,
            2).must();
        b("SELECT user_id FROM orders WHERE price > 5 INTERSECT SELECT id FROM users WHERE email LIKE '%x.io' "
            + "ORDER BY 1").must();
        b("SELECT id FROM users EXCEPT SELECT user_id FROM orders WHERE price IS NOT NULL ORDER BY 1").must();
        b("SELECT full_name FROM people UNION SELECT CONCAT(given_name, ' ', family_name) FROM contacts").must();
        b("SELECT price FROM orders WHERE id < 3 UNION ALL SELECT price FROM orders WHERE id > 7").must();
        b("(SELECT email FROM users ORDER BY id LIMIT 2) UNION ALL (SELECT email FROM users ORDER BY id DESC LIMIT 1)")
            .must();
        b("SELECT id, price, SUM(price) OVER (PARTITION BY user_id ORDER BY id) AS running FROM orders ORDER BY id")
            .must();
        b("SELECT id, email, ROW_NUMBER() OVER (ORDER BY email, id) AS rn FROM users ORDER BY id").must();
        b("SELECT id, RANK() OVER (ORDER BY price DESC) AS r FROM orders ORDER BY id").must();
        b("SELECT id, DENSE_RANK() OVER (PARTITION BY status ORDER BY price) AS r FROM orders ORDER BY id").must();
        b("SELECT id, LAG(price) OVER (ORDER BY id) AS prev, LEAD(price, 2) OVER (ORDER BY id) AS next2 FROM orders "
            + "ORDER BY id").must();
        b("SELECT id, RANK() OVER w AS r, email FROM users WINDOW w AS (ORDER BY email) ORDER BY id").must();
        b("SELECT id, SUM(price) OVER w AS s, COUNT(*) OVER w AS c FROM orders WINDOW w AS (PARTITION BY user_id) "
            + "ORDER BY id").must();
        b("SELECT id, FIRST_VALUE(full_name) OVER (ORDER BY age, id) AS first FROM people ORDER BY id").must();
        b("SELECT user_id, price, AVG(price) OVER (PARTITION BY user_id) AS a FROM orders ORDER BY id").must();
        b("SELECT id, given_name, COUNT(*) OVER (PARTITION BY family_name) AS n FROM contacts ORDER BY id").must();
        b("SELECT * FROM (SELECT id, email, ROW_NUMBER() OVER (ORDER BY id DESC) AS rn FROM users) t WHERE t.rn <= 3 "
            + "ORDER BY t.id").must();
    }

    private void dialectReads() {
        pg("SELECT COUNT(*) FILTER (WHERE price > 10) AS big, COUNT(*) FILTER (WHERE price IS NULL) AS unknown "
            + "FROM orders").must();
        pg("SELECT user_id, SUM(price) FILTER (WHERE status = 'paid') AS paid FROM orders GROUP BY user_id "
            + "ORDER BY user_id").must();
        pg("SELECT DISTINCT ON (user_id) user_id, price, id FROM orders ORDER BY user_id, price DESC NULLS LAST, id")
            .must();
        pg("SELECT DISTINCT ON (family_name) family_name, given_name FROM contacts ORDER BY family_name, id").must();
        pg("SELECT u.email, l.price FROM users u CROSS JOIN LATERAL (SELECT o.price FROM orders o WHERE o.user_id = u.id "
            + "ORDER BY o.price DESC, o.id LIMIT 1) l ORDER BY u.id").must();
        pg("SELECT u.id, l.total FROM users u LEFT JOIN LATERAL (SELECT SUM(o.price) AS total FROM orders o "
            + "WHERE o.user_id = u.id AND o.price > u.score) l ON true ORDER BY u.id").must();
        pg("SELECT id, email FROM users WHERE id = ? FOR UPDATE", 1).must();
        pg("SELECT id, price FROM orders WHERE user_id = ? ORDER BY id FOR UPDATE OF orders", 2).must();
        pg("SELECT id, price FROM orders WHERE price > ? ORDER BY id FOR NO KEY UPDATE SKIP LOCKED", dec("1")).must();
        pg("SELECT id, email FROM users ORDER BY id FOR SHARE").must();
        my("SELECT id, email FROM users WHERE id = ? FOR UPDATE", 1).must();
        my("SELECT id, price FROM orders WHERE user_id = ? ORDER BY id LOCK IN SHARE MODE", 2).must();
        my("SELECT id, price FROM orders WHERE price > ? ORDER BY id FOR UPDATE SKIP LOCKED", dec("1")).must();
        pg("SELECT price::text AS p FROM orders ORDER BY id").must();
        pg("SELECT email::varchar(5) FROM users ORDER BY id").must();
        pg("SELECT price::int FROM orders ORDER BY id").must();
        pg("SELECT CAST(price AS integer) FROM orders ORDER BY id").must();
        pg("SELECT id FROM orders WHERE price = ?::numeric", "5").must();
        pg("SELECT id FROM orders WHERE price::text LIKE '5%' ORDER BY id").must();
        pg("SELECT id FROM orders WHERE price = ?", "5.00").note("setString into a numeric comparison");
        my("SELECT id FROM orders WHERE price = ? ORDER BY id", "5.00").must();
        my("SELECT CAST(price AS CHAR) AS p FROM orders ORDER BY id").must();
        my("SELECT CAST(price AS SIGNED) AS p FROM orders ORDER BY id").must();
        pg("SELECT email FROM users ORDER BY email COLLATE \"C\", id").must();
        pg("SELECT id FROM users WHERE email COLLATE \"C\" > 'a' ORDER BY id").must();
        my("SELECT email FROM users ORDER BY email COLLATE latin1_bin, id").must();
        // Refused (TD002, documented): JSqlParser does not parse MySQL's BINARY operator.
        my("SELECT email FROM users ORDER BY BINARY email, id");
        pg("SELECT id FROM users WHERE email = E'ann@x.io'").must();
        pg("SELECT id, E'it\\'s' AS s FROM users WHERE email <> E'\\x41' ORDER BY id").must();
        pg("SELECT id FROM users WHERE email ILIKE ? ORDER BY id", "EVE%").must();
        pg("SELECT id FROM users WHERE email ~ '^[a-d]' ORDER BY id").must();
        pg("SELECT string_agg(email, ',' ORDER BY id) AS all_emails FROM users").must();
        pg("SELECT array_agg(price ORDER BY id) AS prices FROM orders").must();
        pg("SELECT v.x, u.email FROM (VALUES (1), (2), (3)) AS v(x) JOIN users u ON u.id = v.x ORDER BY v.x").must();
        pg("SELECT u.email FROM users u WHERE u.id = ANY (ARRAY[1, 2, 3]) ORDER BY u.id").must();
        pg("SELECT \"email\" FROM \"users\" WHERE \"id\" = ?", 1).must();
        pg("SELECT * FROM \"users\" ORDER BY id").must();
        pg("INSERT INTO \"people\" VALUES (100, 'Kurt Godel', 71)").must();
        pg("SELECT \"u\".\"email\", \"o\".\"price\" FROM \"users\" \"u\" JOIN \"orders\" \"o\" ON \"o\".\"user_id\" = "
            + "\"u\".\"id\" ORDER BY \"o\".\"id\"").must();
        pg("SELECT email AS \"userEmail\" FROM users WHERE id = ?", 1).must();
        pg("SELECT price AS \"Price\", id FROM orders ORDER BY \"Price\" DESC NULLS LAST, id").must();
        pg("SELECT USERS.EMAIL FROM USERS WHERE USERS.ID = ?", 1).must();
        pg("SELECT EMAIL, PRICE FROM USERS U JOIN ORDERS O ON O.USER_ID = U.ID ORDER BY O.ID").must();
        pg("SELECT public.users.email FROM public.users WHERE id = ?", 1).must();
        pg("SELECT email FROM users WHERE id = ?::int", "2").must();
        pg("SELECT id, email IS NULL AS missing FROM users ORDER BY id").must();
        pg("SELECT id, (price * 100)::bigint AS cents FROM orders ORDER BY id").must();
        pg("SELECT EXTRACT(YEAR FROM created) AS y, COUNT(*) AS n FROM users GROUP BY y ORDER BY y").must();
        pg("SELECT id, split_part(full_name, ' ', 2) AS surname FROM people ORDER BY id").must();
        pg("SELECT id, full_name || '!' AS shout FROM people ORDER BY id").must();
        pg("SELECT email FROM users WHERE id = 1; SELECT price FROM orders WHERE id = 1")
            .note("two statements in one string: documented known problem");
        my("SELECT `email` FROM `users` WHERE `id` = ?", 1).must();
        my("SELECT * FROM `users` ORDER BY id").must();
        my("INSERT INTO `people` VALUES (100, 'Kurt Godel', 71)").must();
        my("SELECT `u`.`email`, o.`price` FROM `users` `u` JOIN orders o ON o.user_id = u.id ORDER BY o.id").must();
        my("SELECT email AS `userEmail` FROM users WHERE id = ?", 1).must();
        my("SELECT EMAIL FROM users WHERE ID = ?", 1).must();
        my("SELECT u.EMAIL, O.PRICE FROM users u JOIN orders O ON O.user_id = u.id ORDER BY O.id").must();
        my("SELECT email # the address\nFROM users WHERE id = 1").must();
        my("SELECT email FROM users # all of them\nORDER BY id").must();
        my("SELECT GROUP_CONCAT(email ORDER BY id SEPARATOR ',') AS all_emails FROM users").must();
        my("SELECT id, IFNULL(email, 'none') AS e FROM users ORDER BY id").must();
        my("SELECT id, IF(price > 10, 'big', 'small') AS size FROM orders ORDER BY id").must();
        my("SELECT id, SUBSTRING_INDEX(full_name, ' ', -1) AS surname FROM people ORDER BY id").must();
        my("SELECT YEAR(created) AS y, COUNT(*) AS n FROM users GROUP BY y ORDER BY y").must();
        my("SELECT SQL_NO_CACHE id, email FROM users ORDER BY id").must();
        my("SELECT STRAIGHT_JOIN u.email, o.price FROM users u JOIN orders o ON o.user_id = u.id ORDER BY o.id");
        my("SELECT email FROM users WHERE email REGEXP '^[a-d]' ORDER BY id").must();
        my("SELECT price*2 FROM orders ORDER BY id").note("unaliased expression label: documented");
        b("SELECT UPPER(email) FROM users ORDER BY id").must();
        b("SELECT price * 2 FROM orders ORDER BY id").must();
        b("SELECT COALESCE(price, 0) FROM orders ORDER BY id").must();
        b("/* app=shop,route=/users */ SELECT email FROM users WHERE id = 2").must();
        b("SELECT email -- trailing comment\nFROM users ORDER BY id").must();
        b("SELECT /* inline */ email FROM users /* between */ WHERE id = ? /* end */", 4).must();
        b("SELECT /*+ MAX_EXECUTION_TIME(1000) */ email FROM users ORDER BY id").must();
        b("select EMAIL from USERS where ID = ?", 1).pg().must();
        b("SELECT Email FROM users WHERE Id = ?", 1).must();
        b("SELECT email\n  FROM users\n WHERE id\n    = ?", 1).must();
        b("SELECT\temail\tFROM\tusers\tWHERE\tid = 5").must();
        b("SELECT 'users.email' AS literal, email FROM users WHERE id = 1").must();
        b("SELECT id FROM users WHERE name = 'email' OR email = 'users'").must();
    }

    private void inserts() {
        b("INSERT INTO users (id, name, email, created, score) VALUES (?, ?, ?, ?, ?)", 100, "zed", "zed@x.io",
            date("2024-06-01"), 5).must();
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", 100L, "zed", nul(Types.VARCHAR)).must();
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", obj(101), obj("yan"), obj("yan@x.io")).must();
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", obj(102L, Types.BIGINT), obj("x", Types.VARCHAR),
            obj("x@x.io", Types.VARCHAR)).must();
        b("INSERT INTO users (name, email) VALUES (?, ?)", "ida", "ida@x.io").keys().must().note("identity key");
        b("INSERT INTO users (name, email) VALUES (?, ?)", "ida", "ida@x.io").idKeys().must()
            .note("Hibernate-style identity, key column named");
        b("insert into users (created,email,name,score) values (?,?,?,?)", date("2024-07-01"), "jo@x.io", "jo", 7)
            .keys().must().note("Hibernate 6 insert, RETURN_GENERATED_KEYS");
        b("INSERT INTO users (name, email) VALUES ('kim', 'kim@x.io')").keys().must();
        b("INSERT INTO users (name, email) VALUES ('kim', 'kim@x.io')").idKeys().must();
        b("INSERT INTO users (name) VALUES (?)", "lee").keys().must();
        b("INSERT INTO users (id, name, email) VALUES (100, 'x', 'x@x'), (101, 'y', NULL), (102, 'z', 'z@z')").must();
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?), (?, ?, ?)", 100, "a", "a@a", 101, "b", "b@b").must();
        b("INSERT INTO users VALUES (103, 'no', 'list@x.io', '2024-01-01', 3)").must();
        b("INSERT INTO users VALUES (?, ?, ?, ?, ?)", 104, "nl", "nl@x.io", date("2024-02-02"), 4).must();
        b("INSERT INTO orders VALUES (100, 1, 2, 9.99, 'no list', 'new')").must();
        b("INSERT INTO people VALUES (?, ?, ?)", 100, "Kurt Godel", 71).must();
        b("INSERT INTO contacts VALUES (100, 'Kurt', 'Godel', NULL, 'Vienna')").must();
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", 1, "dup", "dup@x.io").must()
            .note("duplicate key: both fail");
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", 100, "dup", "ann@x.io").must()
            .note("duplicate email: both fail");
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", 100, "long", "x" + repeat('y', 240) + "@x.io")
            .must().note("too long for varchar(200): both fail");
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", 100, nul(Types.VARCHAR),
            "n@x.io").must().note("NULL name: both fail");
        b("INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)", 100, "big", "big@x.io", 3000000000L).must()
            .note("out of range int: both fail");
        b("INSERT INTO orders (id, user_id, qty, price, note) VALUES (?, ?, ?, ?, ?)", 100, 1, 3, dec("19.99"), "new")
            .must();
        b("INSERT INTO orders (id, user_id, qty, price, note) VALUES (?, ?, ?, ?, ?)", 100, 1, 3, dec("19.999"), "rnd")
            .must().note("rounded by numeric(10,2)");
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, 7.5).must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, 7).must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, obj(dec("8.25"))).must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, nul(Types.NUMERIC)).must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, nul(Types.VARCHAR))
            .note("setNull(VARCHAR) into numeric");
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, "7.50")
            .note("setString into numeric: PostgreSQL rejects it");
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, obj("7.50", Types.NUMERIC))
            .must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, dec("123456789.00")).must()
            .note("out of range for numeric(10,2): both fail");
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (100, 1, 3, 99999999.99)").must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (100, 1, 3, -0.005)").must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (100, 1, 3, 0.005), (101, 2, 1, 2.675)").must();
        b("INSERT INTO orders (id, user_id, qty, price, note) VALUES (?, ?, DEFAULT, ?, ?)", 100, 1, dec("1.10"), "d")
            .must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, DEFAULT)", 100, 1, 2)
            .note("DEFAULT for an old column: documented refusal");
        b("INSERT INTO orders (id, user_id, qty) VALUES (?, ?, ?)", 100, 1, 2).must()
            .note("old column omitted: its DEFAULT 0 fills it");
        b("INSERT INTO orders (id, user_id, price) VALUES (100, 1, 3.30)").must();
        b("INSERT INTO people (id, full_name, age) VALUES (?, ?, ?)", 100, "Kurt Godel", 71).must();
        b("INSERT INTO people (id, full_name) VALUES (?, ?)", 100, nul(Types.VARCHAR)).must();
        b("INSERT INTO people (id, age) VALUES (?, ?)", 100, 30).must();
        b("INSERT INTO people (id, full_name) VALUES (?, ?)", 100, repeat('a', 150) + " " + repeat('b', 60)).must()
            .note("too long for varchar(200): both fail");
        b("INSERT INTO people (id, full_name) VALUES (100, 'Ada Lovelace'), (101, 'Alan Turing')").must();
        b("INSERT INTO contacts (id, given_name, family_name, city) VALUES (?, ?, ?, ?)", 100, "Kurt", "Godel", "Vienna")
            .must();
        b("INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?)", 100, nul(Types.VARCHAR),
            nul(Types.VARCHAR)).must();
        b("INSERT INTO contacts (id, city) VALUES (?, ?)", 100, "Oslo").must();
        b("INSERT INTO contacts (id, given_name) VALUES (?, ?)", 100, "Solo")
            .note("only one column of the merge: documented refusal once the other side is written");
        b("INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?)", 100, repeat('g', 150), "Long")
            .must().note("too long for varchar(100): both fail");
        b("INSERT INTO contacts (id, family_name, given_name) VALUES (?, ?, ?)", 100, "Backus", "John").must();
        b("INSERT INTO audit_log (user_id, note, logged_at) VALUES (?, ?, ?)", 1, "hello", ts("2024-05-05 05:05:05"))
            .keys().must();
        b("INSERT INTO audit_log (user_id, note) VALUES (?, ?)", 2, "x").must();
        pg("INSERT INTO audit_log DEFAULT VALUES").must();
        my("INSERT INTO audit_log () VALUES ()").must();
        pg("INSERT INTO orders DEFAULT VALUES").note("DEFAULT VALUES into a migrated table: both fail (no id)");
        pg("INSERT INTO contacts (id) SELECT 100 WHERE false").must();
        b("INSERT INTO orders (id, user_id, qty, price, note) SELECT id + 100, user_id, qty, price * 2, note FROM orders "
            + "WHERE price > ?", dec("5")).must();
        b("INSERT INTO orders (id, user_id, qty, price) SELECT id + 100, user_id, qty, price FROM orders").must();
        both(true, "INSERT INTO users (id, name, email) SELECT id + 100, name, 'copy-' || email FROM users",
            "INSERT INTO users (id, name, email) SELECT id + 100, name, CONCAT('copy-', email) FROM users");
        b("INSERT INTO audit_log (user_id, note) SELECT id, email FROM users WHERE email IS NOT NULL ORDER BY id").must();
        b("INSERT INTO audit_log (user_id, note) SELECT id AS uid, email AS e FROM users ORDER BY e").must();
        b("INSERT INTO audit_log (user_id, note) SELECT o.user_id, u.email FROM orders o JOIN users u "
            + "ON u.id = o.user_id WHERE o.price > ? ORDER BY o.id", dec("1")).must();
        b("INSERT INTO people (id, full_name, age) SELECT id + 100, full_name, age FROM people WHERE age > ?", 40)
            .must();
        b("INSERT INTO people (id, full_name) SELECT c.id + 100, CONCAT(c.given_name, ' ', c.family_name) FROM contacts c "
            + "WHERE c.given_name IS NOT NULL").must();
        b("INSERT INTO contacts (id, given_name, family_name) SELECT id + 100, given_name, family_name FROM contacts")
            .must();
        b("INSERT INTO contacts (id, given_name, family_name, city) SELECT p.id + 200, "
            + "SUBSTRING(p.full_name, 1, 3), 'X', 'Generated' FROM people p WHERE p.full_name IS NOT NULL").must();
        b("INSERT INTO orders (id, user_id, price) SELECT 100 + id, id, score FROM users WHERE score IS NOT NULL").must();
        b("INSERT INTO users (id, name, email) SELECT 100, 'sel', 'sel@x.io'").must();
        b("INSERT INTO people (id, full_name, age) SELECT * FROM people WHERE id = -1")
            .note("INSERT ... SELECT *: documented refusal when wrapped");
        b("INSERT INTO audit_log (id, user_id, note, logged_at) SELECT * FROM audit_log WHERE id = -1").must();
        b("INSERT INTO orders (id, user_id, qty, price) SELECT id + 100, user_id, qty, price FROM orders WHERE id < 3 "
            + "UNION ALL SELECT id + 200, user_id, qty, price FROM orders WHERE id > 7").must();
        b("INSERT INTO users (id, name, email) VALUES (100, 'sq', (SELECT CONCAT('s', full_name) FROM people WHERE id = 1))")
            .must();
        b("INSERT INTO orders (id, user_id, price) VALUES (100, 1, (SELECT MAX(price) FROM orders o2))").must();
        b("WITH src AS (SELECT id, price FROM orders WHERE price > 10) INSERT INTO audit_log (user_id, note) "
            + "SELECT id, 'big' FROM src").pg().must();
        pg("WITH src AS (SELECT id, price FROM orders WHERE price > 10) INSERT INTO orders (id, user_id, price) "
            + "SELECT id + 100, 1, price FROM src").must();
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) RETURNING id, email", 100, "r", "r@x.io").must();
        pg("INSERT INTO orders (id, user_id, price) VALUES (?, ?, ?) RETURNING *", 100, 1, dec("4.44")).must();
        pg("INSERT INTO orders (id, user_id, price) VALUES (?, ?, ?) RETURNING price * 2 AS dbl", 100, 1, dec("4.44"))
            .must();
        pg("INSERT INTO contacts (id, given_name, family_name) VALUES (100, 'A', 'B'), (101, 'C', 'D') "
            + "RETURNING id, given_name, family_name").must();
        pg("INSERT INTO people (id, full_name) VALUES (100, 'Ken Iverson') RETURNING full_name").must();
        pg("INSERT INTO users (name, email) VALUES ('ret', 'ret@x.io') RETURNING id").must();
        pg("INSERT INTO orders (id, user_id, price) VALUES (100, 1, E'1.5'::numeric)").must();
        my("INSERT INTO users SET id = 100, name = 'set', email = 'set@x.io'")
            .note("INSERT ... SET: documented refusal");
        my("INSERT INTO audit_log SET user_id = 1, note = 'set'").must();
        my("INSERT IGNORE INTO users (id, name, email) VALUES (1, 'ign', 'ign@x.io'), (100, 'new', 'new@x.io')").must();
        my("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 3, "7.50").must();
        my("INSERT INTO users (id, name, email) VALUES (100, 'hash', 'h@x.io') # comment").must();
        my("INSERT INTO `users` (`id`, `name`, `email`) VALUES (?, ?, ?)", 100, "bt", "bt@x.io").must();
    }

    private void upserts() {
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, "
            + "name = EXCLUDED.name", 1, "ann2", "ann2@x.io").must();
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email",
            100, "new", "new@x.io").must();
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING", 2, "b", "b2@x.io").must();
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", 100, "b", "bob@x.io").must();
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING", 100, "b", "bob@x.io")
            .note("ON CONFLICT on an old column: documented refusal from CONTRACT");
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name",
            100, "bobby", "bob@x.io").note("ON CONFLICT on an old column: documented refusal from CONTRACT");
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT ON CONSTRAINT users_pkey DO NOTHING", 1,
            "c", "c@x.io").must();
        pg("INSERT INTO users (id, name, email) VALUES (1, 'a', 'a1@x.io'), (100, 'n', 'n@x.io') ON CONFLICT (id) "
            + "DO UPDATE SET email = EXCLUDED.email RETURNING id, email").must();
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET email = users.email || "
            + "'.old' WHERE users.email IS NOT NULL", 1, "a", "x@x.io").must();
        pg("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET score = 99 "
            + "WHERE users.email LIKE ?", 2, "b", "zz@x.io", "%x.io").must();
        pg("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "price = orders.price + EXCLUDED.price", 1, 1, 1, dec("1.01")).must();
        pg("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "qty = EXCLUDED.qty, note = 'upserted ' || EXCLUDED.price", 2, 1, 9, dec("3.30")).must();
        pg("INSERT INTO orders (id, user_id, qty, price) VALUES (4, 2, 1, 2.00) ON CONFLICT (id) DO UPDATE SET "
            + "price = COALESCE(orders.price, 0) + EXCLUDED.price RETURNING *").must();
        pg("INSERT INTO people (id, full_name, age) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "full_name = EXCLUDED.full_name", 1, "Ada King", 37).must();
        pg("INSERT INTO people (id, full_name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name "
            + "WHERE people.age > ?", 2, "Alan Mathison", 40).must();
        pg("INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name", 1, "Amazing", "Grace").must();
        pg("INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "given_name = EXCLUDED.given_name", 2, "Linux", "Ignored").must();
        pg("INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            + "city = EXCLUDED.given_name", 4, "Augusta", "King").must();
        pg("INSERT INTO audit_log (id, user_id, note) VALUES (1, 1, 'again') ON CONFLICT (id) DO UPDATE SET "
            + "note = EXCLUDED.note").must();
        my("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE email = VALUES(email), "
            + "name = VALUES(name)", 1, "ann2", "ann2@x.io").must();
        my("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE email = VALUES(email)", 100,
            "new", "new@x.io").must();
        my("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)", 100,
            "bobby", "bob@x.io").must().note("duplicate on the unique old column");
        my("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE id = id", 2, "b", "b2@x.io")
            .must();
        my("INSERT INTO users (id, name, email) VALUES (1, 'a', 'a1@x.io'), (100, 'n', 'n@x.io') ON DUPLICATE KEY "
            + "UPDATE email = VALUES(email)").must();
        my("INSERT INTO users (id, name, email) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE email = CONCAT(email, '.old')",
            1, "a", "x@x.io").must();
        my("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "price = price + VALUES(price)", 1, 1, 1, dec("1.01")).must();
        my("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "qty = VALUES(qty), note = CONCAT('upserted ', VALUES(price))", 2, 1, 9, dec("3.30")).must();
        my("INSERT INTO orders (id, user_id, qty, price) VALUES (4, 2, 1, 2.00) ON DUPLICATE KEY UPDATE "
            + "price = COALESCE(price, 0) + VALUES(price)").must();
        my("INSERT INTO orders (id, user_id, qty, price) VALUES (5, 4, 1, 1.00) ON DUPLICATE KEY UPDATE "
            + "note = price, price = 77.70").must();
        my("INSERT INTO people (id, full_name, age) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "full_name = VALUES(full_name)", 1, "Ada King", 37).must();
        my("INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "given_name = VALUES(given_name), family_name = VALUES(family_name)", 1, "Amazing", "Grace").must();
        my("INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "given_name = VALUES(given_name)", 2, "Linux", "Ignored").must();
        my("INSERT INTO contacts (id, given_name, family_name) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "city = VALUES(given_name)", 4, "Augusta", "King").must();
        my("INSERT INTO audit_log (id, user_id, note) VALUES (1, 1, 'again') ON DUPLICATE KEY UPDATE "
            + "note = VALUES(note)").must();
        my("INSERT INTO orders (id, user_id, price) VALUES (1, 1, 2.00) AS n ON DUPLICATE KEY UPDATE price = n.price")
            .note("row alias: documented TD002");
        my("REPLACE INTO users (id, name, email) VALUES (1, 'rep', 'rep@x.io')").note("REPLACE: documented refusal");
        my("REPLACE INTO audit_log (id, user_id, note) VALUES (1, 1, 'rep')").must();
    }

    private void updates() {
        b("UPDATE users SET email = ? WHERE id = ?", "new@x.io", 1).must();
        b("UPDATE users SET email = ? WHERE id = ?", nul(Types.VARCHAR), 2).must();
        b("UPDATE users SET email = ? WHERE id = ?", obj("o@x.io"), obj(3L)).must();
        b("UPDATE users SET email = 'lit@x.io' WHERE id = 4").must();
        b("UPDATE users SET email = LOWER(email) WHERE email LIKE ?", "%@X.io").must();
        b("UPDATE users SET email = UPPER(email)").must();
        b("UPDATE users SET email = NULL WHERE score IS NULL").must();
        b("UPDATE users SET email = CONCAT(name, '@new.io') WHERE id < ?", 4).must();
        b("UPDATE users SET email = CASE WHEN id = 1 THEN 'one@x.io' ELSE email END").must();
        b("UPDATE users SET email = name, name = email WHERE id = ?", 1).must().note("swap");
        b("UPDATE users SET name = email, email = name WHERE id = ?", 2).must().note("swap, other order");
        b("UPDATE users SET name = ? WHERE email = ?", "annie", "ann@x.io").must();
        b("UPDATE users SET score = score + 1 WHERE email LIKE ?", "%y.org").must();
        b("UPDATE users SET score = score + 1 WHERE id IN (SELECT user_id FROM orders WHERE price > ?)", dec("10"))
            .must();
        b("UPDATE users SET score = (SELECT COUNT(*) FROM orders o WHERE o.user_id = users.id)").must();
        b("UPDATE users SET email = ? WHERE id = ?", "bob@x.io", 1).must().note("unique violation: both fail");
        b("UPDATE users SET email = ? WHERE id = ?", repeat('z', 201), 1).must().note("too long: both fail");
        b("UPDATE users SET email = 'same@x.io'").must().note("unique violation: both fail");
        b("UPDATE users SET email = email WHERE id = 5").must();
        b("UPDATE users SET created = ?, score = ? WHERE email = ?", date("2025-01-01"), 1, "dee@x.io").must();
        b("UPDATE users SET email = ? WHERE email = ?", "moved@x.io", "fay@y.org").must();
        b("UPDATE users u SET email = ? WHERE u.id = ?", "alias@x.io", 6).must();
        b("UPDATE orders SET price = ? WHERE id = ?", dec("9.99"), 1).must();
        b("UPDATE orders SET price = ? WHERE id = ?", 10, 2).must();
        b("UPDATE orders SET price = ? WHERE id = ?", 10.125, 3).must();
        b("UPDATE orders SET price = ? WHERE id = ?", obj(dec("1.005")), 5).must();
        b("UPDATE orders SET price = ? WHERE id = ?", nul(Types.DECIMAL), 1).must();
        b("UPDATE orders SET price = ? WHERE id = ?", "7.50", 1).note("setString into numeric: PostgreSQL rejects it");
        b("UPDATE orders SET price = price + ? WHERE id = ?", dec("1.00"), 1).must();
        b("UPDATE orders SET price = price * 2, note = CONCAT('was ', price) WHERE id = ?", 3).must();
        b("UPDATE orders SET note = CONCAT('was ', price), price = price * 2 WHERE id = ?", 3).must();
        pg("UPDATE orders SET price = price * 2, note = 'was ' || price WHERE id = ?", 3).must();
        b("UPDATE orders SET price = price * 1.1 WHERE user_id = ?", 1).must();
        b("UPDATE orders SET price = price / 3").must();
        b("UPDATE orders SET price = price * 1000000 WHERE id = ?", 3).must().note("overflow: both fail");
        b("UPDATE orders SET price = ROUND(price) WHERE price IS NOT NULL").must();
        b("UPDATE orders SET price = COALESCE(price, 0) + 1").must();
        b("UPDATE orders SET price = qty * 2.5 WHERE price IS NULL").must();
        b("UPDATE orders SET qty = qty + 1, price = price - 1 WHERE price > ?", dec("1")).must();
        b("UPDATE orders SET qty = price WHERE id = ?", 1).must();
        b("UPDATE orders SET note = price WHERE id < 4").must();
        b("UPDATE orders SET status = 'paid' WHERE price > ? AND status = 'new'", dec("4")).must();
        b("UPDATE orders SET qty = DEFAULT WHERE id = 1").must();
        b("UPDATE orders SET price = DEFAULT WHERE id = 1").note("SET old = DEFAULT: documented refusal");
        b("UPDATE orders SET price = (SELECT MAX(price) FROM orders o2 WHERE o2.user_id = orders.user_id) WHERE id = ?",
            2).must();
        b("UPDATE orders SET price = (SELECT score FROM users u WHERE u.id = orders.user_id) WHERE id < 4").must();
        b("UPDATE orders SET note = (SELECT email FROM users u WHERE u.id = orders.user_id)").must();
        b("UPDATE orders SET price = price + 1 WHERE user_id IN (SELECT id FROM users WHERE email LIKE ?)", "%x.io")
            .must();
        b("UPDATE orders SET price = 1 WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = orders.user_id AND "
            + "u.email = ?)", "bob@x.io").must();
        b("UPDATE people SET full_name = ? WHERE id = ?", "Alan Kay", 2).must();
        b("UPDATE people SET full_name = ? WHERE id = ?", nul(Types.VARCHAR), 1).must();
        b("UPDATE people SET full_name = UPPER(full_name)").must();
        b("UPDATE people SET age = age + 1 WHERE full_name LIKE ?", "A%").must();
        b("UPDATE people SET full_name = 'Grace Brewster' WHERE full_name = 'Grace Hopper'").must();
        b("UPDATE people SET full_name = REPLACE(full_name, 'a', 'o') WHERE id > 4").must();
        b("UPDATE people SET full_name = ? WHERE id = 1", repeat('q', 100) + " " + repeat('r', 110)).must()
            .note("too long for varchar(200): both fail");
        b("UPDATE people p SET full_name = (SELECT CONCAT(c.given_name, ' ', c.family_name) FROM contacts c "
            + "WHERE c.id = 6) WHERE p.id = 3").must();
        b("UPDATE contacts SET given_name = ?, family_name = ? WHERE id = ?", "Anita", "Borg", 3).must();
        b("UPDATE contacts SET given_name = ? WHERE id = ?", "Admiral", 1).must();
        b("UPDATE contacts SET family_name = UPPER(family_name) WHERE city = ?", "London").must();
        b("UPDATE contacts SET given_name = family_name, family_name = given_name WHERE id = ?", 2).must()
            .note("swap of the merged columns");
        b("UPDATE contacts SET city = given_name WHERE family_name = ?", "Thompson").must();
        b("UPDATE contacts SET given_name = LOWER(given_name) WHERE given_name IS NOT NULL").must();
        b("UPDATE contacts SET given_name = ? WHERE id = ?", repeat('g', 101), 1).must()
            .note("too long for varchar(100): both fail");
        b("UPDATE contacts SET given_name = ?, family_name = ? WHERE id = ?", nul(Types.VARCHAR), nul(Types.VARCHAR), 2)
            .must();
        b("UPDATE audit_log SET note = (SELECT email FROM users WHERE users.id = audit_log.user_id)").must();
        b("UPDATE audit_log SET note = 'touched' WHERE user_id IN (SELECT id FROM users WHERE email IS NOT NULL)")
            .must();
        b("UPDATE users SET score = 0").must();
        pg("UPDATE orders SET (price, qty) = (?, ?) WHERE id = ?", dec("2.22"), 4, 1).must();
        pg("UPDATE orders SET (qty, note) = (qty + 1, 'row') WHERE price > 10").must();
        pg("UPDATE orders SET (price, qty) = (SELECT price, qty FROM orders WHERE id = 1) WHERE id = 2")
            .note("row subquery SET: documented refusal");
        pg("UPDATE orders o SET note = u.email FROM users u WHERE u.id = o.user_id AND u.email LIKE ?", "%x.io").must();
        pg("UPDATE orders o SET price = o.price + 1 FROM users u WHERE u.id = o.user_id AND u.score > ?", 15).must();
        pg("UPDATE orders o SET price = u.score FROM users u WHERE u.id = o.user_id AND u.email = ?", "ann@x.io").must();
        pg("UPDATE contacts c SET city = p.full_name FROM people p WHERE p.id = c.person_id").must();
        pg("UPDATE people p SET full_name = c.given_name || ' ' || c.family_name FROM contacts c "
            + "WHERE c.person_id = p.id AND c.id = ?", 5).must();
        pg("UPDATE users SET email = ? WHERE id = ? RETURNING id, email", "ret@x.io", 1).must();
        pg("UPDATE users SET email = ? WHERE id = ? RETURNING *", "ret@x.io", 1).must();
        pg("UPDATE orders SET price = price + 1 WHERE user_id = ? RETURNING id, price, price * 2 AS dbl", 1).must();
        pg("UPDATE contacts SET given_name = 'Amazing' WHERE id = 1 RETURNING given_name, family_name").must();
        pg("UPDATE people SET age = 1 WHERE id = 2 RETURNING full_name, age").must();
        pg("UPDATE orders SET note = 'x' WHERE id = 1 RETURNING price").must();
        pg("WITH u AS (UPDATE users SET score = score + 1 WHERE email LIKE ? RETURNING id, email) SELECT * FROM u "
            + "ORDER BY id", "%x.io").note("data-modifying CTE / UPDATE ONLY: advanced SQL, a refusal is allowed");
        pg("WITH t AS (SELECT id FROM orders WHERE price > ?) UPDATE orders SET price = price - 1 WHERE id IN "
            + "(SELECT id FROM t)", dec("10")).must();
        pg("UPDATE users SET email = E'tab\\there' WHERE id = 1").must();
        pg("UPDATE \"users\" SET \"email\" = ? WHERE \"id\" = ?", "q@x.io", 1).must();
        pg("UPDATE ONLY users SET email = 'only@x.io' WHERE id = 2").note("data-modifying CTE / UPDATE ONLY: advanced SQL, a refusal is allowed");
        pg("UPDATE orders SET price = ?::numeric WHERE id = ?", "3.14", 1).must();
        my("UPDATE orders SET price = price + 1 ORDER BY id DESC LIMIT 2").must();
        my("UPDATE users SET email = CONCAT('u', id, '@x.io') ORDER BY id LIMIT 3").must();
        my("UPDATE orders o JOIN users u ON u.id = o.user_id SET o.note = u.email WHERE u.score > ?", 15).must();
        my("UPDATE orders o JOIN users u ON u.id = o.user_id SET o.price = o.price + 1 WHERE u.email LIKE ?", "%x.io")
            .note("multi-table UPDATE of a migrated column: documented refusal");
        my("UPDATE orders o, users u SET o.status = 'vip' WHERE u.id = o.user_id AND u.email LIKE '%y.org'").must();
        my("UPDATE `users` SET `email` = ? WHERE `id` = ?", "bt@x.io", 1).must();
        my("UPDATE users SET email = 'h@x.io' # set it\nWHERE id = 1").must();
        my("UPDATE orders SET price = ? WHERE id = ?", "7.50", 1).must();
        my("UPDATE users SET email = DEFAULT WHERE id = 1").note("SET old = DEFAULT");
        my("UPDATE orders SET price = price + 1, note = price WHERE id = 1").must()
            .note("MySQL left-to-right: note sees the new price");
        my("UPDATE orders SET note = price, price = price + 1 WHERE id = 1").must();
    }

    private void deletes() {
        b("DELETE FROM users WHERE email = ?", "ann@x.io").must();
        b("DELETE FROM users WHERE email IS NULL").must();
        b("DELETE FROM users WHERE email LIKE ?", "%y.org").must();
        b("DELETE FROM users WHERE id = ?", 3).must();
        b("DELETE FROM orders WHERE price IS NULL OR price < ?", dec("1")).must();
        b("DELETE FROM orders WHERE price > ?", 40).must();
        b("DELETE FROM orders WHERE user_id NOT IN (SELECT id FROM users)").must();
        b("DELETE FROM orders WHERE user_id IN (SELECT id FROM users WHERE email LIKE ?)", "%x.io").must();
        b("DELETE FROM people WHERE full_name = ?", "Alan Turing").must();
        b("DELETE FROM people WHERE full_name IS NULL OR age > ?", 80).must();
        b("DELETE FROM contacts WHERE given_name = ? AND family_name = ?", "Grace", "Hopper").must();
        b("DELETE FROM contacts WHERE family_name LIKE 'T%'").must();
        b("DELETE FROM audit_log WHERE user_id IN (SELECT id FROM users WHERE email LIKE ?)", "%x.io").must();
        b("DELETE FROM audit_log WHERE note IS NULL").must();
        b("DELETE FROM orders WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = orders.user_id AND u.email IS NULL)")
            .must();
        b("DELETE FROM orders").must();
        b("DELETE FROM contacts WHERE id IN (SELECT c.id FROM (SELECT id FROM contacts WHERE given_name LIKE 'A%') c)")
            .must();
        pg("DELETE FROM orders o USING users u WHERE u.id = o.user_id AND u.email LIKE ?", "%x.io").must();
        pg("DELETE FROM contacts c USING people p WHERE p.id = c.person_id AND p.full_name LIKE ?", "A%").must();
        pg("DELETE FROM orders WHERE price < ? RETURNING *", dec("10")).must();
        pg("DELETE FROM users WHERE email = ? RETURNING id, email", "bob@x.io").must();
        pg("DELETE FROM contacts WHERE id = 1 RETURNING given_name, family_name, city").must();
        pg("DELETE FROM people WHERE id = 1 RETURNING *").must();
        pg("WITH d AS (DELETE FROM orders WHERE price < ? RETURNING id, price) SELECT COUNT(*), SUM(price) FROM d",
            dec("20")).note("data-modifying CTE / UPDATE ONLY: advanced SQL, a refusal is allowed");
        pg("WITH moved AS (DELETE FROM orders WHERE id = ? RETURNING *) INSERT INTO audit_log (user_id, note) "
            + "SELECT user_id, CAST(price AS text) FROM moved", 1).note("data-modifying CTE / UPDATE ONLY: advanced SQL, a refusal is allowed");
        pg("WITH gone AS (DELETE FROM users WHERE id = 4 RETURNING email) UPDATE audit_log SET note = "
            + "(SELECT email FROM gone) WHERE id = 1").note("data-modifying CTE / UPDATE ONLY: advanced SQL, a refusal is allowed");
        my("DELETE o FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email LIKE ?", "%x.io").must();
        my("DELETE FROM orders ORDER BY price DESC LIMIT 2").must();
        my("DELETE FROM users WHERE email LIKE '%x.io' ORDER BY id LIMIT 1").must();
        my("DELETE c FROM contacts c JOIN people p ON p.id = c.person_id WHERE p.full_name LIKE ?", "A%").must();
        my("DELETE orders, audit_log FROM orders JOIN audit_log ON audit_log.user_id = orders.user_id "
            + "WHERE orders.price > 10").must();
        my("DELETE FROM `users` WHERE `email` = ?", "dee@x.io").must();
    }

    private void batchesAndMisc() {
        b("INSERT INTO users (id, name, email) VALUES (?, ?, ?)", 100, "b1", "b1@x.io")
            .batch(new Object[] {101, "b2", nul(Types.VARCHAR)}, new Object[] {102L, "b3", "b3@x.io"}).must();
        b("INSERT INTO orders (id, user_id, qty, price) VALUES (?, ?, ?, ?)", 100, 1, 1, dec("1.10"))
            .batch(new Object[] {101, 2, 2, 2.5}, new Object[] {102, 3, 3, nul(Types.DECIMAL)}).must();
        b("UPDATE orders SET price = ? WHERE id = ?", dec("1.00"), 1)
            .batch(new Object[] {dec("2.00"), 2}, new Object[] {nul(Types.NUMERIC), 3}).must();
        b("UPDATE users SET email = ? WHERE id = ?", "x1@x.io", 1)
            .batch(new Object[] {"x2@x.io", 2}, new Object[] {"x1@x.io", 3}).must()
            .note("third row violates the unique email: both fail");
        b("UPDATE people SET full_name = ? WHERE id = ?", "Ada Byron", 1)
            .batch(new Object[] {"Alan Mathison", 2}).must();
        b("UPDATE contacts SET given_name = ?, family_name = ? WHERE id = ?", "A", "B", 1)
            .batch(new Object[] {"C", "D", 2}).must();
        b("DELETE FROM users WHERE email = ?", "ann@x.io").batch(new Object[] {"bob@x.io"}).must();
        b("INSERT INTO users (name, email) VALUES (?, ?)", "k1", "k1@x.io").batch(new Object[] {"k2", "k2@x.io"})
            .keys().must();
        batchStmts("INSERT INTO users (id, name, email) VALUES (100, 's1', 's1@x.io')",
            "UPDATE users SET email = 'batch@x.io' WHERE id = 1", "DELETE FROM orders WHERE price < 1").must();
        batchStmts("UPDATE people SET full_name = 'Ada Batch' WHERE id = 1",
            "UPDATE contacts SET family_name = 'Batch' WHERE id = 1", "INSERT INTO audit_log (user_id, note) VALUES (1, 'b')")
            .must();
        pg("SELECT 1; UPDATE users SET email = 'm@x.io' WHERE id = 1")
            .note("several statements in one string: documented known problem");
        pg("UPDATE users SET email = 'm@x.io' WHERE id = 1; UPDATE users SET email = 'n@x.io' WHERE id = 2")
            .note("several statements in one string: documented known problem");
        b("SELECT id FROM users WHERE email = ?", obj("ann@x.io", Types.VARCHAR)).must();
        b("SELECT id FROM users WHERE id = ?", obj("1", Types.INTEGER)).must();
        b("SELECT id FROM orders WHERE price > ? ORDER BY id", obj(5, Types.DECIMAL)).must();
        b("SELECT id FROM orders WHERE price > ? ORDER BY id", obj(5L)).must();
        b("SELECT id FROM orders WHERE price < ? ORDER BY id", (short) 10).must();
        b("SELECT id FROM users WHERE email = ?", nul(Types.VARCHAR)).must();
        b("SELECT id FROM users WHERE created = ?", obj(date("2024-01-05"))).must();
        b("SELECT id FROM users WHERE score > ? AND email LIKE ? ORDER BY id", obj("15", Types.INTEGER), "%").must();
        pg("SELECT id FROM users WHERE email = ?", 1).note("integer parameter against varchar: PostgreSQL rejects it");
        my("SELECT id FROM users WHERE email = ?", 1).must();
        b("SELECT id FROM orders WHERE price = ? ORDER BY id", true).note("boolean parameter against numeric");
        b("UPDATE users SET score = ? WHERE email = ?", obj(dec("12")), "ann@x.io").must();
        b("UPDATE users SET created = ? WHERE email LIKE ?", ts("2024-12-24 18:00:00"), "%y.org").must();
        b("SELECT users.email FROM users WHERE users.id = 1").must();
        b("SELECT t.email FROM users AS t WHERE t.id = 1").must();
        b("SELECT email FROM users u WHERE u.id = 1").must();
        b("SELECT email, name FROM users WHERE id = 1").must();
        b("SELECT name, email FROM users WHERE id IN (SELECT user_id FROM audit_log) ORDER BY id").must();
        b("SELECT o.id FROM orders o WHERE o.price >= (SELECT o2.price FROM orders o2 WHERE o2.id = ?) ORDER BY o.id", 2)
            .must();
        b("SELECT CASE WHEN price > 10 THEN price ELSE 0 END AS p FROM orders ORDER BY id").must();
        b("SELECT SUM(CASE WHEN email LIKE '%x.io' THEN 1 ELSE 0 END) AS n FROM users").must();
        b("SELECT MIN(email), MAX(email) FROM users").must();
        b("SELECT MIN(full_name) AS mn, MAX(full_name) AS mx FROM people").must();
        b("SELECT MAX(given_name) AS g, MIN(family_name) AS f FROM contacts").must();
        b("SELECT id FROM users ORDER BY email IS NULL, email").must();
        b("SELECT id FROM orders ORDER BY price IS NULL, price DESC, id").must();
        b("SELECT u.id, COUNT(o.id) AS n FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.price > ? "
            + "GROUP BY u.id ORDER BY u.id", dec("3")).must();
        b("SELECT u.email, COUNT(*) AS n FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.email "
            + "HAVING COUNT(*) > 1 ORDER BY u.email").must();
        b("SELECT o.user_id, MAX(o.price) AS m FROM orders o GROUP BY o.user_id HAVING MAX(o.price) > ? "
            + "ORDER BY o.user_id", dec("1")).must();
        b("SELECT email, COUNT(*) FROM users GROUP BY email ORDER BY email").must();
        b("SELECT full_name, COUNT(*) AS n FROM people GROUP BY full_name ORDER BY full_name").must();
        b("SELECT given_name, family_name, COUNT(*) AS n FROM contacts GROUP BY given_name, family_name "
            + "ORDER BY given_name, family_name").must();
        b("SELECT LOWER(given_name) AS g, COUNT(*) AS n FROM contacts GROUP BY LOWER(given_name) ORDER BY g").must();
        // Appended later; new entries go at the end so that existing case labels keep their numbers.
        b("INSERT INTO orders VALUES (100, 1, 2, 9.99, 'no list', DEFAULT)").must()
            .note("no column list, last value DEFAULT: misplaced values would not fail");
        // Refused on MySQL from READ_NEW on (documented): MySQL labels an unaliased expression holding a parameter
        // with the parameter's value, which a rewritten statement cannot reproduce.
        b("SELECT COALESCE(email, ?) FROM users ORDER BY id", "none");
        b("SELECT id, COALESCE(email, ?) AS e FROM users ORDER BY id", "none").must();
    }
}
