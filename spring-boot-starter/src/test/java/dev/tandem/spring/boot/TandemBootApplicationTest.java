package dev.tandem.spring.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.driver.TandemDataSource;
import dev.tandem.driver.TandemStatus;
import dev.tandem.spring.boot.shop.Customer;
import dev.tandem.spring.boot.shop.CustomerRepository;
import dev.tandem.spring.boot.shop.ShopApplication;
import dev.tandem.testdb.DbKind;
import dev.tandem.testdb.TestDatabase;
import dev.tandem.testdb.TestDatabases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application (Hikari, JdbcTemplate, Spring Data JPA on Hibernate 6.6, Actuator) on a real PostgreSQL,
 * with the starter and a {@code tandem.config} naming a spec whose email migration is in DUAL_WRITE:
 * {@code spring.datasource.url} stays the real URL, and every write lands in both columns.
 */
@SpringBootTest(classes = ShopApplication.class, properties = {
    "spring.jpa.hibernate.ddl-auto=none",
    "spring.jpa.open-in-view=false",
    "spring.application.name=shop-test",
    // Only an explicit registry: meters reach the context's registry because the starter passes it to Tandem,
    // not through Micrometer's global registry (the driver's fallback).
    "management.metrics.use-global-registry=false",
    "management.endpoint.health.show-details=always",
    "management.endpoints.web.exposure.include=health,info,tandem",
})
class TandemBootApplicationTest {
    private static final TestDatabase DB = TestDatabases.create(DbKind.POSTGRESQL, "boot_starter");

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CustomerRepository customers;
    @Autowired
    MeterRegistry meterRegistry;
    @Autowired
    HealthEndpoint health;
    @Autowired
    InfoEndpoint info;
    @Autowired
    TandemEndpoint endpoint;

    @DynamicPropertySource
    static void tandem(DynamicPropertyRegistry registry) throws IOException, SQLException {
        DB.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(100), email varchar(200), "
                + "email_address varchar(200))",
            "CREATE TABLE orders (id bigint PRIMARY KEY, price numeric(10,2))");
        Path spec = Files.createTempFile("tandem-boot", ".yaml");
        spec.toFile().deleteOnExit();
        Files.writeString(spec, """
            migrations:
              - id: customers-email
                table: customers
                key: [id]
                columns:
                  - old: email
                    new: email_address
                phase: DUAL_WRITE
              - id: orders-price-cents
                table: orders
                key: [id]
                columns:
                  - old: price
                    new: price_cents
                    type: bigint
                    forward: CAST(ROUND(price * 100) AS BIGINT)
                    backward: price_cents / 100.0
                phase: EXPAND
            """);
        registry.add("spring.datasource.url", DB::jdbcUrl);
        registry.add("tandem.config", () -> "file:" + spec.toAbsolutePath());
        registry.add("tandem.options.onUnsupported", () -> "fail");
    }

    @Test
    void theDataSourceIsWrappedAndStillUnwrapsToThePool() throws SQLException {
        assertThat(dataSource).isInstanceOf(TandemDataSource.class);
        assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        assertThat(pool.getJdbcUrl()).isEqualTo(DB.jdbcUrl());
        // Boot's pool metrics found the pool through the wrapper.
        assertThat(meterRegistry.find("hikaricp.connections").gauge()).isNotNull();
    }

    @Test
    void aJdbcTemplateWriteLandsInBothColumns() throws SQLException {
        jdbc.update("INSERT INTO customers (id, name, email) VALUES (?, ?, ?)", 1L, "Ada", "ada@example.com");
        jdbc.update("UPDATE customers SET email = ? WHERE id = ?", "ada@example.org", 1L);

        assertThat(emails(1)).isEqualTo("ada@example.org|ada@example.org");
    }

    @Test
    void aSpringDataJpaSaveUpdateAndReadGoThroughTandem() throws SQLException {
        customers.save(new Customer(2L, "Grace", "grace@example.com"));
        assertThat(emails(2)).isEqualTo("grace@example.com|grace@example.com");

        Customer grace = customers.findById(2L).orElseThrow();
        grace.setEmail("grace@example.org");
        customers.save(grace);

        assertThat(emails(2)).isEqualTo("grace@example.org|grace@example.org");
        assertThat(customers.findByEmail("grace@example.org")).map(Customer::getName).contains("Grace");
    }

    @Test
    void metersGoToTheApplicationsRegistry() {
        jdbc.update("INSERT INTO customers (id, name, email) VALUES (?, ?, ?)", 3L, "Edsger", "ew@example.com");

        TandemStatus status = ((TandemDataSource) dataSource).status().orElseThrow();
        double rewritten = meterRegistry.find("tandem.statements").tag("outcome", "rewritten")
            .tag("migration", "customers-email").tag("instance", status.instanceId())
            .counters().stream().mapToDouble(Counter::count).sum();
        assertThat(rewritten).isPositive();
        assertThat(meterRegistry.find("tandem.migration.phase").tag("migration", "customers-email")
            .tag("phase", "DUAL_WRITE").gauge()).isNotNull();
    }

    @Test
    void theHealthIndicatorIsUpWithThePhaseOfEachMigration() {
        Health tandem = (Health) health.healthForPath("tandem");

        assertThat(tandem.getStatus()).isEqualTo(Status.UP);
        assertThat(health.healthForPath("db").getStatus()).as("Boot's own DataSource health").isEqualTo(Status.UP);
        Map<String, Object> dataSource = map(tandem.getDetails().get("dataSource"));
        assertThat(dataSource).containsEntry("app", "shop-test").containsEntry("control", "file")
            .containsKeys("instance", "configVersion", "configAgeSeconds");
        assertThat(map(dataSource.get("migrations")))
            .containsExactly(Map.entry("customers-email", "DUAL_WRITE"), Map.entry("orders-price-cents", "EXPAND"));
    }

    @Test
    void infoAndTheEndpointShowTheMigrations() {
        Map<String, Object> summary = map(map(info.info().get("tandem")).get("dataSource"));
        assertThat(map(summary.get("migrations"))).containsEntry("customers-email", "DUAL_WRITE");

        Map<String, Object> dataSources = map(endpoint.dataSources().get("dataSources"));
        Map<String, Object> detail = map(map(dataSources.get("dataSource")).get("migrations"));
        assertThat(map(detail.get("customers-email")))
            .containsEntry("table", "customers").containsEntry("kind", "COLUMNS").containsEntry("phase", "DUAL_WRITE");
        assertThat(map(detail.get("orders-price-cents"))).containsEntry("phase", "EXPAND");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** {@code email|email_address} of one row, read on a plain connection past Tandem. */
    private static String emails(long id) throws SQLException {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email, email_address FROM customers WHERE id = " + id)) {
            assertThat(rs.next()).as("customer %s exists", id).isTrue();
            return rs.getString(1) + "|" + rs.getString(2);
        }
    }
}
