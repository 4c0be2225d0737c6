package dev.tandem.agent.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.driver.spec.Phase;
import dev.tandem.testdb.DbKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's application test: a Hibernate entity mapped to the old {@code products} table (with {@code stock}
 * and {@code warehouse}) writes through Tandem — batch inserts, dirty-checking updates, HQL bulk updates, deletes,
 * reads — while the agent walks the move of those columns into {@code inventory} (PostgreSQL; on MySQL/MariaDB this
 * version refuses the writes a move needs). After every phase the application's view of every row equals what it
 * wrote (a ledger), the target equals forward(source), and reconcile finds nothing. In COMPLETE, once the source
 * columns are dropped, it goes on writing and reading every row unchanged: its INSERTs (one row each, batched) and
 * its UPDATEs (every mapped column) write both tables.
 */
class MoveHibernateTest {

    /** The application's entity: the old table, as it was before the move. */
    @Entity(name = "Product")
    @Table(name = "products")
    public static class Product {
        @Id
        Long id;
        @Column(name = "name")
        String name;
        @Column(name = "stock", nullable = false)
        int stock;
        @Column(name = "warehouse")
        String warehouse;

        public Product() {
        }

        Product(long id, String name, int stock, String warehouse) {
            this.id = id;
            this.name = name;
            this.stock = stock;
            this.warehouse = warehouse;
        }
    }

    private long nextId = 10_000;

    @Test
    void aHibernateApplicationWritesAndReadsThroughTheWholeWalk() throws Exception {
        try (MoveFixture f = new MoveFixture(DbKind.POSTGRESQL, "move_hibernate", 200)) {
            f.agent.apply(MoveFixture.ID, false, "test");
            Map<Long, String> ledger = new TreeMap<>(); // id -> "stock/warehouse" as the application wrote it
            try (HikariDataSource ds = pool(f); SessionFactory sf = sessionFactory(ds)) {
                readAll(sf, ledger);
                for (Phase p : List.of(Phase.DUAL_WRITE, Phase.SHADOW_READ, Phase.READ_NEW, Phase.CONTRACT)) {
                    if (p == Phase.CONTRACT) {
                        f.agent.apply(MoveFixture.ID, false, "test"); // the tightening, as the guard asks
                    }
                    f.phase(p);
                    work(sf, ledger, p);
                    if (p == Phase.DUAL_WRITE) {
                        // Every row the application wrote has its target row before any backfill ran.
                        assertThat(f.inconsistent("p.id < 20 OR p.id >= 10000")).as("rows written in DUAL_WRITE")
                            .isZero();
                        f.backfill();
                    }
                    assertThat(appView(sf)).as("what the application reads in %s", p).isEqualTo(ledger);
                    assertThat(f.inconsistent()).as("target rows missing or unlike forward(source) in %s", p)
                        .isZero();
                    assertThat(f.reconcile()).as("reconcile in %s", p).isZero();
                }
                f.agent.apply(MoveFixture.ID, true, "test");
                assertThat(appView(sf)).as("after the contract DDL").isEqualTo(ledger);
                f.phase(Phase.COMPLETE);
                f.agent.apply(MoveFixture.ID, true, "test"); // drops products.stock and products.warehouse
                assertThat(f.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'products' "
                    + "AND column_name IN ('stock', 'warehouse')")).isZero();
                assertThat(appView(sf)).as("what the application reads in COMPLETE").isEqualTo(ledger);
                // Hibernate writes every mapped column: its batched INSERTs name the moved columns and its dirty
                // checking sets moved and other columns together; in COMPLETE both write the source and the target.
                work(sf, ledger, Phase.COMPLETE);
                assertThat(appView(sf)).as("what the application reads after writing in COMPLETE").isEqualTo(ledger);
                assertThat(f.count("SELECT count(*) FROM products p LEFT JOIN inventory i ON i.id = p.id "
                    + "WHERE i.id IS NULL")).as("products without their inventory row").isZero();
            }
        }
    }

    /** One round of the application's writes; each is recorded in the ledger once its transaction commits. */
    private void work(SessionFactory sf, Map<Long, String> ledger, Phase p) {
        Map<Long, String> written = new HashMap<>();
        sf.inTransaction(s -> { // batch insert (hibernate.jdbc.batch_size)
            for (int i = 0; i < 30; i++) {
                long id = nextId++;
                Product pr = new Product(id, "n" + id, (int) (id % 40), i % 5 == 0 ? null : "wh" + (i % 3));
                s.persist(pr);
                written.put(id, pr.stock + "/" + pr.warehouse);
            }
        });
        ledger.putAll(written);
        sf.inTransaction(s -> { // dirty checking: load, change, flush
            for (long id : List.of(1L, 2L, 3L, nextId - 1)) {
                Product pr = s.find(Product.class, id);
                pr.stock = pr.stock + 7;
                pr.warehouse = "wh" + p.ordinal();
            }
        });
        for (long id : List.of(1L, 2L, 3L, nextId - 1)) {
            String[] old = ledger.get(id).split("/");
            ledger.put(id, (Integer.parseInt(old[0]) + 7) + "/wh" + p.ordinal());
        }
        int bulk = sf.fromTransaction(s -> s.createMutationQuery("update Product set stock = stock + 1 where id < :n")
            .setParameter("n", 20L).executeUpdate());
        assertThat(bulk).as("HQL bulk update count in %s", p).isEqualTo(countBelow(ledger, 20));
        ledger.replaceAll((id, v) -> {
            if (id >= 20) {
                return v;
            }
            String[] old = v.split("/");
            return (Integer.parseInt(old[0]) + 1) + "/" + old[1];
        });
        long gone = nextId - 2;
        sf.inTransaction(s -> s.remove(s.find(Product.class, gone)));
        ledger.remove(gone);
    }

    private static int countBelow(Map<Long, String> ledger, long below) {
        return (int) ledger.keySet().stream().filter(id -> id < below).count();
    }

    private static void readAll(SessionFactory sf, Map<Long, String> ledger) {
        ledger.putAll(appView(sf));
    }

    /** Every product as the application reads it, through Tandem, with HQL. */
    private static Map<Long, String> appView(SessionFactory sf) {
        Map<Long, String> out = new TreeMap<>();
        sf.inSession(s -> {
            for (Product pr : s.createSelectionQuery("from Product", Product.class).getResultList()) {
                out.put(pr.id, pr.stock + "/" + pr.warehouse);
            }
        });
        return out;
    }

    private static HikariDataSource pool(MoveFixture f) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(f.db.tandemUrl("tandem.control=db&tandem.instanceId=hibernate&tandem.pollIntervalMs=100"
            + "&tandem.leaseMs=3000&tandem.app=hibernate"));
        c.setMaximumPoolSize(4);
        c.setPoolName("hibernate");
        return new HikariDataSource(c);
    }

    private static SessionFactory sessionFactory(HikariDataSource ds) {
        Configuration cfg = new Configuration().addAnnotatedClass(Product.class);
        cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, ds);
        cfg.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, "10");
        cfg.setProperty(AvailableSettings.ORDER_INSERTS, "true");
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
        return cfg.buildSessionFactory();
    }
}
