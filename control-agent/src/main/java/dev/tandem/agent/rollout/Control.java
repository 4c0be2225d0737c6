package dev.tandem.agent.rollout;

/**
 * Pause, resume and abort of one running rollout, from any thread; the autopilot waits through
 * {@link #sleep}, which returns early on abort and blocks while paused. Requests from other processes
 * arrive through the {@code poll} that {@link #sleep} runs at least every {@link #POLL_MILLIS}.
 */
final class Control {
    static final long POLL_MILLIS = 1000;

    /** Thrown out of {@link #sleep} once the rollout is aborted. */
    static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("aborted", null, false, false);
        }
    }

    private boolean paused;
    private boolean aborted;
    private boolean resumed;

    synchronized void pause() {
        paused = true;
        notifyAll();
    }

    synchronized void resume() {
        if (paused) {
            paused = false;
            resumed = true;
        }
        notifyAll();
    }

    synchronized void abort() {
        aborted = true;
        notifyAll();
    }

    /** Applies {@code action} (pause, resume, abort); false for anything else. */
    boolean apply(String action) {
        switch (action) {
            case "pause" -> pause();
            case "resume" -> resume();
            case "abort" -> abort();
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits {@code millis}, running {@code poll} (outside this object's lock) at least every second; throws
     * {@link Aborted} on abort. While paused, {@code onPause} runs once and the wait lasts until resume, when
     * {@code onResume} runs and this returns true: the window was interrupted and is void.
     */
    boolean sleep(long millis, Runnable onPause, Runnable onResume, Runnable poll) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        boolean wasPaused = false;
        while (true) {
            poll.run();
            boolean isPaused;
            boolean isAborted;
            boolean wasResumed;
            synchronized (this) {
                isPaused = paused;
                isAborted = aborted;
                wasResumed = resumed;
                resumed = false;
            }
            if (isAborted) {
                throw new Aborted();
            }
            if (isPaused) {
                if (!wasPaused) {
                    wasPaused = true;
                    onPause.run();
                }
                waitUpTo(POLL_MILLIS);
                continue;
            }
            if (wasPaused || wasResumed) {
                onResume.run();
                return true;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            waitUpTo(Math.min(left, POLL_MILLIS));
        }
    }

    private synchronized void waitUpTo(long millis) throws InterruptedException {
        if (!aborted && (paused || !resumed)) {
            wait(Math.max(1, millis));
        }
    }
}
