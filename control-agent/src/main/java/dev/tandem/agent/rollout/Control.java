package dev.tandem.agent.rollout;

/**
 * Pause, resume and abort of one running rollout, from any thread; the autopilot waits through
 * {@link #sleep}, which returns early on abort and blocks while paused.
 */
final class Control {
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

    synchronized boolean paused() {
        return paused;
    }

    /**
     * Waits {@code millis}; throws {@link Aborted} on abort. While paused, {@code onPause} runs once and the wait
     * lasts until resume; returns true if the rollout was paused and resumed meanwhile (its window is void).
     */
    synchronized boolean sleep(long millis, Runnable onPause, Runnable onResume) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        boolean wasPaused = false;
        while (true) {
            if (aborted) {
                throw new Aborted();
            }
            if (paused) {
                if (!wasPaused) {
                    wasPaused = true;
                    onPause.run();
                }
                wait();
                continue;
            }
            if (wasPaused || resumed) {
                resumed = false;
                onResume.run();
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
