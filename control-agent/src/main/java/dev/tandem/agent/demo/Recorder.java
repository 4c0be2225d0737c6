package dev.tandem.agent.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which interval the rehearsal is in, and the intervals so far. The workload asks for the current interval
 * when a statement starts, so a statement is counted in the step during which it was sent.
 */
final class Recorder {
    private static final int ERROR_SAMPLE = 20;

    private final Supplier<long[]> shadow;
    private final List<Interval> intervals = new ArrayList<>();
    private final List<String> errorSample = new ArrayList<>();
    private volatile Interval current;

    /** {@code shadow} reads the driver's shadow comparison and mismatch totals. */
    Recorder(Supplier<long[]> shadow) {
        this.shadow = shadow;
        this.current = new Interval("warm-up", null, Interval.Kind.JOB, shadow.get()); // not reported
    }

    /** Ends the current interval and starts the next. */
    synchronized Interval begin(String label, String migration, Interval.Kind kind) {
        long[] now = shadow.get();
        current.end(now);
        Interval next = new Interval(label, migration, kind, now);
        intervals.add(next);
        current = next;
        return next;
    }

    Interval current() {
        return current;
    }

    /** Ends the last interval; later statements are not counted. */
    synchronized void finish() {
        current.end(shadow.get());
    }

    synchronized void error(Interval in, Throwable e) {
        in.error();
        if (errorSample.size() < ERROR_SAMPLE) {
            errorSample.add(in.label() + ": " + e);
        }
    }

    synchronized List<String> errorSample() {
        return List.copyOf(errorSample);
    }

    /** One interval's result so far (or final, once it ended). */
    Report.PhaseResult result(Interval in) {
        return in.result(shadow.get());
    }

    synchronized List<Report.PhaseResult> results() {
        long[] now = shadow.get();
        List<Report.PhaseResult> out = new ArrayList<>();
        for (Interval i : intervals) {
            out.add(i.result(now));
        }
        return out;
    }
}
