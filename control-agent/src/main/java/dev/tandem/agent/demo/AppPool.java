package dev.tandem.agent.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.driver.TandemDriver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's connection pool: HikariCP on a {@code jdbc:tandem:} URL that follows the agent's
 * control tables, as one driver instance whose meters the report reads.
 */
final class AppPool implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String instanceId;
    private final String url;
    private final HikariDataSource pool;
    private final MeterRegistry meters;

    private AppPool(String instanceId, String url, HikariDataSource pool, MeterRegistry meters) {
        this.instanceId = instanceId;
        this.url = url;
        this.pool = pool;
        this.meters = meters;
    }

    /** A pool of {@code size} connections to {@code realUrl} through Tandem. */
    static AppPool open(String realUrl, int size) {
        String id = nextInstanceId();
        String url = Urls.tandem(realUrl, "tandem.control=db&tandem.instanceId=" + id
            + "&tandem.pollIntervalMs=100&tandem.leaseMs=2000&tandem.app=tandem-demo");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("tandem-demo");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(10_000);
        // The runtime registers its meters where the driver-wide default points when it is created, which is
        // when the pool opens its first connection: point it at a registry of our own for that moment.
        MeterRegistry previous = TandemDriver.getDefaultMeterRegistry();
        MeterRegistry meters = new SimpleMeterRegistry();
        TandemDriver.setDefaultMeterRegistry(meters);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } finally {
            TandemDriver.setDefaultMeterRegistry(previous);
        }
        return new AppPool(id, url, pool, meters);
    }

    /** demo-app, then demo-app-2, ... for later runs in the same JVM, so each run has a runtime of its own. */
    private static String nextInstanceId() {
        int run = RUNS.incrementAndGet();
        String id = run == 1 ? "demo-app" : "demo-app-" + run;
        while (TandemDriver.isInstanceRegistered(id)) {
            id = "demo-app-" + RUNS.incrementAndGet();
        }
        return id;
    }

    DataSource dataSource() {
        return pool;
    }

    String instanceId() {
        return instanceId;
    }

    String url() {
        return url;
    }

    /** The driver's shadow-read totals over all migrations: {comparisons, mismatches}. */
    long[] shadowTotals() {
        return new long[] {sum(meters, "tandem.shadow.comparisons"), sum(meters, "tandem.shadow.mismatches")};
    }

    private long sum(MeterRegistry r, String name) {
        double total = 0;
        for (Counter c : r.find(name).tag("instance", instanceId).counters()) {
            total += c.count();
        }
        return (long) total;
    }

    /** Closes the pool and stops the instance polling the control tables (the runtime is not reused). */
    @Override
    public void close() {
        pool.close();
        TandemDriver.closeInstance(instanceId);
    }
}
