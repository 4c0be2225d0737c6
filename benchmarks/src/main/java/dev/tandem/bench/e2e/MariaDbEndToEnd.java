package dev.tandem.bench.e2e;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

import java.sql.SQLException;

/** Statements per second on MariaDB (embedded, or MySQL/MariaDB at {@code -Djdbc.mysql.url}), one thread and four. */
public class MariaDbEndToEnd extends EndToEnd {
    public MariaDbEndToEnd() {
        super("MariaDbEndToEnd", Servers::mariaDb);
    }

    /** One benchmark thread's connection. */
    public static class Client extends EndToEnd.Client {
        @Setup(Level.Trial)
        public void open(MariaDbEndToEnd benchmark, ThreadParams thread, Blackhole bh) throws SQLException {
            openOn(benchmark, thread, bh);
        }
    }

    @Benchmark
    @Threads(1)
    public void oneThread(Client client, Blackhole bh) throws SQLException {
        client.session.run(bh);
    }

    @Benchmark
    @Threads(4)
    public void fourThreads(Client client, Blackhole bh) throws SQLException {
        client.session.run(bh);
    }
}
