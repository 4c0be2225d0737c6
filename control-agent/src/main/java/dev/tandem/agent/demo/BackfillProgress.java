package dev.tandem.agent.demo;

import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.console.RowsBar;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A backfill's live progress bar (rows scanned of the estimate, rate, rows changed) and its rate samples
 * for the report, one per committed chunk. On a terminal the bar redraws in place; elsewhere (CI, tests,
 * a pipe) a plain line is printed at most once a second.
 */
final class BackfillProgress extends RowsBar {
    private final String task;
    private final PrintStream out;
    private final boolean terminal;
    private final List<Report.RateSample> samples = new ArrayList<>();
    private long startNanos;
    private long lastNanos;
    private long lastScanned;

    BackfillProgress(String task, PrintStream out, boolean terminal) {
        super(out::flush);
        this.task = task;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void started(JobView job) {
        startNanos = System.nanoTime();
        lastNanos = startNanos;
        lastScanned = job.rowsScanned();
        bar = RowsBar.builder(task, job, terminal)
            .setUpdateIntervalMillis(terminal ? 200 : 1_000)
            .setMaxRenderedLength(110)
            .setConsumer(consumer())
            .build();
    }

    @Override
    public synchronized void progress(JobView job) {
        if (bar == null) {
            started(job);
        }
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        double rate = seconds > 0 ? (job.rowsScanned() - lastScanned) / seconds : 0;
        samples.add(new Report.RateSample(Interval.round((now - startNanos) / 1e9, 3), job.rowsScanned(),
            Interval.round(rate, 1)));
        lastNanos = now;
        lastScanned = job.rowsScanned();
        if (job.estimate() != null) {
            bar.maxHint(RowsBar.max(job));
        }
        bar.stepTo(job.rowsScanned());
        bar.setExtraMessage(String.format(Locale.ROOT, "%,.0f rows/s, %,d changed", job.rowsPerSecond(),
            job.rowsDone()));
    }

    @Override
    public synchronized void finished(JobView job) {
        end(job);
    }

    synchronized List<Report.RateSample> samples() {
        return List.copyOf(samples);
    }

    private ProgressBarConsumer consumer() {
        if (terminal) {
            return new ConsoleProgressBarConsumer(out, 110);
        }
        return RowsBar.changedLines(line -> {
            out.println(Console.INDENT + line.stripTrailing());
            out.flush();
        }, 110);
    }
}
