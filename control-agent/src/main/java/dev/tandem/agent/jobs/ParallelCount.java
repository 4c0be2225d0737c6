package dev.tandem.agent.jobs;

import dev.tandem.agent.store.Db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The extra connections (and threads) of a plain reconcile that counts each chunk's range in parts at once:
 * the first part on the job's connection, inside the chunk's transaction, each other part on its own
 * connection in its own read-only transaction. Only the counts travel back; the checkpoint and the running
 * totals are still written once, in the chunk's transaction, so a crash redoes the whole chunk and counts
 * nothing twice.
 */
final class ParallelCount implements AutoCloseable {
    private final List<Connection> extra = new ArrayList<>();
    private final ExecutorService threads;

    ParallelCount(Db db, int parts, long id) throws SQLException {
        try {
            for (int i = 1; i < parts; i++) {
                Connection x = db.open();
                extra.add(x);
                x.setAutoCommit(false);
                x.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(parts - 1, r -> {
            Thread t = new Thread(r, "tandem-reconcile-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    RangeScan.Count count(Connection main, RangeScan ranges, RangeScan.Range range) throws SQLException {
        List<RangeScan.Range> parts = ranges.split(range, extra.size() + 1);
        if (parts.size() == 1) {
            return ranges.count(main, range);
        }
        List<Future<RangeScan.Count>> others = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            Connection x = extra.get(i - 1);
            RangeScan.Range part = parts.get(i);
            others.add(threads.submit(() -> {
                try {
                    RangeScan.Count counted = ranges.count(x, part);
                    x.commit();
                    return counted;
                } catch (SQLException | RuntimeException e) {
                    x.rollback();
                    throw e;
                }
            }));
        }
        long rows = 0;
        long mismatches = 0;
        SQLException failure = null;
        try {
            RangeScan.Count first = ranges.count(main, parts.get(0));
            rows += first.rows();
            mismatches += first.mismatches();
        } catch (SQLException e) {
            failure = e;
        }
        // Every part is awaited, also after a failure: a retry must not reuse a connection still counting.
        for (Future<RangeScan.Count> f : others) {
            try {
                RangeScan.Count counted = f.get();
                rows += counted.rows();
                mismatches += counted.mismatches();
            } catch (ExecutionException e) {
                SQLException cause = e.getCause() instanceof SQLException s ? s
                    : new SQLException("Counting part of a reconcile chunk failed: " + e.getCause(), e.getCause());
                if (failure == null) {
                    failure = cause;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new SQLException("Interrupted while counting a reconcile chunk", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new RangeScan.Count(rows, mismatches);
    }

    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
        for (Connection x : extra) {
            try {
                x.rollback();
                x.close();
            } catch (SQLException ignored) {
                // closing is best effort; the pool replaces a broken connection
            }
        }
        extra.clear();
    }
}
