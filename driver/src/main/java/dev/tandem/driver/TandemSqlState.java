package dev.tandem.driver;

/**
 * SQLState codes Tandem raises. Standard codes where one fits; the {@code TD} class for Tandem's own
 * refusals, so applications and pools can tell a Tandem refusal from a server error.
 */
public enum TandemSqlState {
    /** A statement on a migrated table that Tandem cannot rewrite exactly. */
    UNSUPPORTED_STATEMENT("TD001"),
    /** SQL on a migrated table that JSqlParser cannot parse. */
    UNPARSEABLE_STATEMENT("TD002"),
    /** An unqualified column that could belong to more than one table. */
    AMBIGUOUS_COLUMN("TD003"),
    /** The driver could not refresh its configuration within the lease; writes are refused. */
    STALE_CONFIG("TD004"),
    /** The migration configuration is invalid. */
    INVALID_CONFIG("TD005"),
    /** An option value or URL is malformed. */
    INVALID_PARAMETER_VALUE("22023"),
    /** The URL or the underlying driver cannot be used to connect. */
    CONNECTION_UNABLE_TO_CONNECT("08001"),
    /** A JDBC feature the wrapper does not support. */
    NOT_SUPPORTED("0A000"),
    /** An operation on a closed object. */
    OBJECT_CLOSED("55000");

    private final String state;

    TandemSqlState(String state) {
        this.state = state;
    }

    public String getState() {
        return state;
    }
}
