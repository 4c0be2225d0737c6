package dev.tandem.agent;

/**
 * An operation the agent refused or could not complete. The message says what failed and what to do;
 * {@link #kind()} maps to CLI exit codes and HTTP statuses.
 */
public class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the operation did not happen. */
    public enum Kind {
        /** Bad input: unknown migration, malformed request or config (HTTP 400 / 404). */
        INVALID(400),
        /** Not found (HTTP 404). */
        NOT_FOUND(404),
        /** A guard refused it in the current state (HTTP 409). */
        REFUSED(409),
        /** The database or a job failed (HTTP 500). */
        FAILED(500);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public AgentException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public AgentException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
