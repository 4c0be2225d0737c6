package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.spec.Phase;
import dev.tandem.driver.spec.TableName;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The rename of customers to clients, resolved by scope: what changes, what must not, what is refused. */
class TableRenamerTest {
    private static final Migration M = new Migration("customers-rename", TableName.parse("customers"), List.of(),
        Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Phase.DUAL_WRITE, 100, 0, Map.of(), Migration.Kind.RENAME,
        TableName.parse("clients"), List.of());
    private static final List<TableRenamer.Rename> RENAMES = List.of(new TableRenamer.Rename(M, M.table(),
        M.target(), Set.of("id", "name", "email")));

    private static String rename(String sql, Dialect dialect) throws Exception {
        Statement st = CCJSqlParserUtil.parse(sql);
        return TableRenamer.rename(st, RENAMES, dialect, sql) ? st.toString() : "UNCHANGED";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SELECT id, name FROM customers WHERE id = ?|SELECT id, name FROM clients WHERE id = ?",
        "SELECT customers.id FROM customers|SELECT clients.id FROM clients",
        "SELECT customers.* FROM customers|SELECT clients.* FROM clients",
        "SELECT c.id FROM customers c|SELECT c.id FROM clients c",
        "SELECT public.customers.id FROM public.customers|SELECT public.clients.id FROM public.clients",
        "SELECT o.id FROM orders o JOIN customers ON customers.id = o.customer_id"
            + "|SELECT o.id FROM orders o JOIN clients ON clients.id = o.customer_id",
        "SELECT id FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE name = 'customers')"
            + "|SELECT id FROM orders WHERE customer_id IN (SELECT id FROM clients WHERE name = 'customers')",
        "WITH x AS (SELECT id FROM customers) SELECT id FROM x|WITH x AS (SELECT id FROM clients) SELECT id FROM x",
        "UPDATE customers SET name = ? WHERE customers.id = ?|UPDATE clients SET name = ? WHERE clients.id = ?",
        "DELETE FROM customers WHERE id = ?|DELETE FROM clients WHERE id = ?",
        "INSERT INTO customers (id, name) VALUES (?, ?) RETURNING customers.*"
            + "|INSERT INTO clients (id, name) VALUES (?, ?) RETURNING clients.*",
        "INSERT INTO customers (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = customers.name"
            + "|INSERT INTO clients (id, name) VALUES (?, ?) ON CONFLICT (  id )  DO UPDATE SET name = clients.name",
        "DELETE FROM orders USING customers WHERE orders.customer_id = customers.id"
            + "|DELETE FROM orders USING clients WHERE orders.customer_id = clients.id",
        "SELECT id FROM customers FOR UPDATE OF customers|SELECT id FROM clients FOR UPDATE OF clients",
        "SELECT (SELECT count(*) FROM orders WHERE orders.customer_id = customers.id) FROM customers"
            + "|SELECT (SELECT count(*) FROM orders WHERE orders.customer_id = clients.id) FROM clients",
    })
    void renamesEveryReferenceToTheTable(String in, String out) throws Exception {
        assertThat(rename(in, Dialect.POSTGRESQL)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "UPDATE customers c JOIN orders o ON o.customer_id = c.id SET c.name = o.note"
            + "|UPDATE clients c JOIN orders o ON o.customer_id = c.id SET c.name = o.note",
        "DELETE customers FROM customers JOIN orders ON orders.customer_id = customers.id"
            + "|DELETE clients FROM clients JOIN orders ON orders.customer_id = clients.id",
        "SELECT `customers`.id FROM `customers`|SELECT `clients`.id FROM `clients`",
        "SELECT customers.id + 1 FROM customers|SELECT clients.id + 1 AS `customers.id + 1` FROM clients",
        "REPLACE INTO customers (id, name) VALUES (?, ?)|REPLACE INTO clients (id, name) VALUES (?, ?)",
        "INSERT INTO customers (id, name) VALUES (?, ?) RETURNING customers.id * 2"
            + "|INSERT INTO clients (id, name) VALUES (?, ?) RETURNING clients.id * 2 AS `customers.id * 2`",
    })
    void renamesMySqlMultiTableStatementsAndKeepsLabels(String in, String out) throws Exception {
        assertThat(rename(in, Dialect.MYSQL)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "WITH customers AS (SELECT 1 AS id) SELECT customers.id FROM customers",
        "SELECT customers.id FROM orders customers",
        "SELECT customers FROM orders",
        "SELECT id FROM orders WHERE note = 'customers'",
        "SELECT x.customers FROM (SELECT 1 AS customers) x",
        "SELECT customers.id FROM (SELECT 1 AS id) customers",
        "WITH RECURSIVE customers AS (SELECT 1 AS id UNION ALL SELECT id + 1 FROM customers WHERE id < 3) "
            + "SELECT id FROM customers",
    })
    void leavesLookAlikesAlone(String in) throws Exception {
        assertThat(rename(in, Dialect.POSTGRESQL)).isEqualTo("UNCHANGED");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "WITH customers AS (SELECT id FROM customers) SELECT customers.id FROM customers"
            + "|WITH customers AS (SELECT id FROM clients) SELECT customers.id FROM customers",
        "SELECT customers.id FROM customers JOIN orders c ON c.customer_id = customers.id"
            + "|SELECT clients.id FROM clients JOIN orders c ON c.customer_id = clients.id",
        "SELECT c.customers FROM customers c|SELECT c.customers FROM clients c",
        "SELECT * FROM customers WHERE EXISTS (SELECT 1 FROM orders customers WHERE customers.id = 1)"
            + "|SELECT * FROM clients WHERE EXISTS (SELECT 1 FROM orders customers WHERE customers.id = 1)",
        "SELECT \"customers\".id FROM \"customers\"|SELECT \"clients\".id FROM \"clients\"",
        "SELECT CUSTOMERS.id FROM CUSTOMERS|SELECT clients.id FROM clients",
        "SELECT customers.id FROM customers AS customers|SELECT customers.id FROM clients AS customers",
    })
    void resolvesTheNameByScope(String in, String out) throws Exception {
        assertThat(rename(in, Dialect.POSTGRESQL)).isEqualTo(out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SELECT customers FROM customers|whole-row",
        "SELECT row_to_json(customers) FROM customers|whole-row",
        "SELECT CAST(NULL AS customers)|row type",
        "SELECT * INTO customers FROM orders|in a PlainSelect",
    })
    void refusesWhatItCannotRenameExactly(String in, String why) throws Exception {
        RewriteException e = assertThrows(RewriteException.class, () -> rename(in, Dialect.POSTGRESQL));
        assertThat(e.getMessage()).contains(why);
    }
}
