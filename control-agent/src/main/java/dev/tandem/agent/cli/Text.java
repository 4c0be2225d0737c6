package dev.tandem.agent.cli;

import dev.tandem.agent.Views.BarrierView;
import dev.tandem.agent.Views.InstanceView;
import dev.tandem.agent.Views.TransitionView;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text output shared by the commands: durations, counts, barrier results (tables are
 * {@link dev.tandem.agent.console.TextTable}).
 */
final class Text {
    private Text() {
    }

    /** 1234567 → "1,234,567". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A short duration for people: "850ms", "4.2s", "3m 10s", "2h 05m", "3d 4h". */
    static String duration(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1_000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return (s / 60) + "m " + String.format(Locale.ROOT, "%02ds", s % 60);
        }
        if (s < 86_400) {
            return (s / 3600) + "h " + String.format(Locale.ROOT, "%02dm", s % 3600 / 60);
        }
        return (s / 86_400) + "d " + (s % 86_400 / 3600) + "h";
    }

    static String ago(long millis) {
        return duration(Duration.ofMillis(millis)) + " ago";
    }

    /** An instant to the second, in UTC: "2025-06-01T10:00:00Z". */
    static String instant(Instant at) {
        return at == null ? "-" : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static String rate(double rowsPerSecond) {
        return Double.isFinite(rowsPerSecond) ? count(Math.round(rowsPerSecond)) + " rows/s" : "-";
    }

    /** "app@host (instance)", the way an operator recognises a driver instance. */
    static String instance(InstanceView i) {
        String where = (i.app() == null ? "?" : i.app()) + "@" + (i.host() == null ? "?" : i.host());
        return i.instanceId() + " (" + where + ")";
    }

    /** One line per phase change plus its barrier result; used by {@code phase} and {@code reload}. */
    static void transition(PrintWriter out, TransitionView t) {
        out.println(t.migrationId() + ": " + t.from() + " -> " + t.to() + " (config version " + t.version()
            + (t.forced() ? ", FORCED" : "") + ")");
        barrier(out, t.barrier());
        if (t.note() != null && !t.note().isBlank()) {
            out.println("  note: " + t.note());
        }
    }

    static void barrier(PrintWriter out, BarrierView b) {
        if (b == null) {
            return;
        }
        if (b.complete()) {
            out.println("  barrier complete: every live instance runs config version " + b.version());
        } else {
            int n = b.lagging().size();
            out.println("  barrier INCOMPLETE: " + n + " live instance" + (n == 1 ? " still runs" : "s still run")
                + " an older config than version " + b.version() + ":");
            for (InstanceView i : b.lagging()) {
                out.println("    " + instance(i) + " runs version " + i.versionSeen() + ", heartbeat "
                    + (i.heartbeatInFuture() ? i.heartbeat() : ago(i.heartbeatAgeMs())));
            }
        }
        if (!b.dropped().isEmpty()) {
            int d = b.dropped().size();
            out.println("  " + d + " instance" + (d == 1 ? "" : "s") + " dropped out of the barrier (silent past the "
                + "lease, on an older version; " + (d == 1 ? "it refuses" : "they refuse") + " writes to migrated "
                + "tables until " + (d == 1 ? "it refreshes" : "they refresh") + "):");
            for (InstanceView i : b.dropped()) {
                out.println("    " + instance(i) + " last ran version " + i.versionSeen() + ", heartbeat "
                    + ago(i.heartbeatAgeMs()));
            }
        }
    }

    /** Statements as they would be typed into a SQL client: each ends with a semicolon. */
    static String statement(String sql) {
        String s = sql.strip();
        return s.endsWith(";") ? s : s + ";";
    }

    static String list(List<String> items) {
        return items == null || items.isEmpty() ? "-" : String.join(", ", items);
    }
}
