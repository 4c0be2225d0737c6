package dev.tandem.agent;

/**
 * What a job does. {@link #text()} is the form stored in the jobs table and shown in {@code JobView.kind},
 * the admin API and the CLI; {@link #toString()} returns it too, so messages read as before.
 */
public enum JobKind {
    BACKFILL("backfill"),
    /** Old = backward(new), for rolling back from CONTRACT. */
    REVERSE_BACKFILL("reverse-backfill"),
    RECONCILE("reconcile");

    private final String text;

    JobKind(String text) {
        this.text = text;
    }

    /** The stored form, e.g. {@code reverse-backfill}. */
    public String text() {
        return text;
    }

    /** Whether {@code text} (a stored or reported kind) is this kind. */
    public boolean is(String text) {
        return this.text.equals(text);
    }

    /** The kind stored as {@code text}. */
    public static JobKind of(String text) {
        for (JobKind k : values()) {
            if (k.text.equals(text)) {
                return k;
            }
        }
        throw new AgentException(AgentException.Kind.FAILED, "Unknown job kind '" + text + "' in the jobs table");
    }

    @Override
    public String toString() {
        return text;
    }
}
