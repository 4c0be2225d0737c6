package dev.tandem.agent.console;

import dev.tandem.agent.JobState;
import dev.tandem.agent.Views.JobView;
import dev.tandem.agent.jobs.JobListener;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.function.Consumer;

/**
 * The parts of a job's progress bar the CLI and the rehearsal share: rows scanned of the estimate, drawn
 * in colour on a terminal and in ASCII elsewhere, and, without a terminal, one printed line per change.
 * Subclasses build {@link #bar} when the job starts and move it on; closing ends it and flushes the output.
 */
public abstract class RowsBar implements JobListener, AutoCloseable {
    private final Runnable flush;
    /** The bar while the job runs, else null. */
    protected ProgressBar bar;

    /** {@code flush}: flushes the stream the bar draws on. */
    protected RowsBar(Runnable flush) {
        this.flush = flush;
    }

    /**
     * Ends the bar for a finished job. A job that completed ends at 100 %: the estimate is a planner statistic,
     * so the bar's end moves to what was really scanned. A failed or cancelled job keeps its estimate.
     */
    protected synchronized void end(JobView job) {
        if (bar != null) {
            if (JobState.DONE.is(job.state())) {
                bar.maxHint(job.rowsScanned());
            }
            bar.stepTo(job.rowsScanned());
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            flush.run();
        }
    }

    /** A bar for {@code job} named {@code task}; callers add the update interval, consumer and the rest. */
    public static ProgressBarBuilder builder(String task, JobView job, boolean terminal) {
        return new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max(job))
            .setUnit(" rows", 1)
            .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII);
    }

    /** The estimate, or -1 (an indefinite bar) without one; never below what was already scanned. */
    public static long max(JobView job) {
        return job.estimate() == null ? -1 : Math.max(job.estimate(), job.rowsScanned());
    }

    /**
     * Without a terminal: hands each rendered line of at most {@code width} characters to {@code print}, only
     * when it changed (the bar renders once more when it closes, usually with nothing new).
     */
    public static ProgressBarConsumer changedLines(Consumer<String> print, int width) {
        String[] previous = {null};
        return new DelegatingProgressBarConsumer(line -> {
            if (!line.equals(previous[0])) {
                previous[0] = line;
                print.accept(line);
            }
        }, width);
    }
}
