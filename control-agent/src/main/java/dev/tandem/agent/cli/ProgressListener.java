package dev.tandem.agent.cli;

import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.console.RowsBar;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarConsumer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * Draws a job's progress as a bar on stderr: rows scanned of the estimate, the job's own rate and the ETA
 * from it. On a terminal the bar redraws in place; without one (logs, CI) a plain ASCII line is printed
 * every five seconds instead.
 */
final class ProgressListener extends RowsBar {
    private final String task;
    private final PrintWriter err;
    private final boolean terminal;
    private volatile JobView last;

    ProgressListener(String task, PrintWriter err, boolean terminal) {
        super(err::flush);
        this.task = task;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void started(JobView job) {
        last = job;
        if (bar == null) {
            bar = RowsBar.builder(task, job, terminal)
                .setConsumer(consumer())
                .setUpdateIntervalMillis(terminal ? 500 : 5_000)
                .setEtaFunction(state -> eta())
                .startsFrom(job.rowsScanned(), Duration.ZERO)
                .build();
        }
        show(job);
    }

    @Override
    public synchronized void progress(JobView job) {
        if (bar == null) {
            started(job);
            return;
        }
        last = job;
        show(job);
    }

    @Override
    public synchronized void finished(JobView job) {
        progress(job);
        end(job);
    }

    private void show(JobView job) {
        bar.maxHint(RowsBar.max(job));
        bar.stepTo(job.rowsScanned());
        bar.setExtraMessage(Text.rate(job.rowsPerSecond()) + ", " + Text.count(job.rowsDone()) + " changed");
    }

    private Optional<Duration> eta() {
        JobView j = last;
        if (j == null || j.estimate() == null || !(j.rowsPerSecond() > 0)) {
            return Optional.empty();
        }
        long remaining = Math.max(0, j.estimate() - j.rowsScanned());
        return Optional.of(Duration.ofMillis((long) (remaining * 1000 / j.rowsPerSecond())));
    }

    private ProgressBarConsumer consumer() {
        if (terminal) {
            return new ConsoleProgressBarConsumer(System.err);
        }
        return RowsBar.changedLines(line -> {
            err.println(line);
            err.flush();
        }, 120);
    }
}
