package dev.tandem.agent;

/**
 * Where a job stands. {@code *_REQUESTED} are set by operators and acted on by the runner between chunks.
 * {@link #text()} is the form stored in the jobs table and shown in {@code JobView.state}, the admin API and
 * the CLI; {@link #toString()} returns it too, so messages read as before.
 */
public enum JobState {
    RUNNING("running"),
    PAUSE_REQUESTED("pause-requested"),
    PAUSED("paused"),
    CANCEL_REQUESTED("cancel-requested"),
    CANCELLED("cancelled"),
    FAILED("failed"),
    DONE("done"),
    /**
     * Never stored: shown instead of an active state when the job's runner has not touched its row (chunk,
     * checkpoint or heartbeat) for {@code ChunkedJob.staleAfter()}, so its agent has died or hangs. Another agent
     * may take it over by resuming it.
     */
    STALLED("stalled");

    private final String text;

    JobState(String text) {
        this.text = text;
    }

    /** The stored form, e.g. {@code pause-requested}. */
    public String text() {
        return text;
    }

    /** Whether {@code text} (a stored or reported state) is this state. */
    public boolean is(String text) {
        return this.text.equals(text);
    }

    /** Like {@link #is}, ignoring case (for states reported by another agent version). */
    public boolean matches(String text) {
        return this.text.equalsIgnoreCase(text);
    }

    /** Done, cancelled or failed: the job has a finish time and runs no more unless resumed. */
    public boolean finished() {
        return this == DONE || this == CANCELLED || this == FAILED;
    }

    /** Running, or running until the runner acts on a pause or cancel request. */
    public boolean active() {
        return this == RUNNING || this == PAUSE_REQUESTED || this == CANCEL_REQUESTED;
    }

    /** The state stored as {@code text}. */
    public static JobState of(String text) {
        for (JobState s : values()) {
            if (s.text.equals(text)) {
                return s;
            }
        }
        throw new AgentException(AgentException.Kind.FAILED, "Unknown job state '" + text + "' in the jobs table");
    }

    @Override
    public String toString() {
        return text;
    }
}
