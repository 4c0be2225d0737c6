package dev.tandem.bench.e2e;

import dev.tandem.bench.MigrationSpec;

import java.nio.file.Path;

/** Which driver path a statement takes to the server, and on which table. */
public enum DriverPath {
    /** The real driver, on the unmigrated table: the baseline. */
    RAW,
    /** p6spy over the real driver, on the unmigrated table. */
    P6SPY,
    /** Tandem, on the unmigrated table: the statement goes through unparsed. */
    TANDEM_PASSTHROUGH,
    /** Tandem, on the migrated table in DUAL_WRITE: writes are rewritten to fill both columns. */
    TANDEM_DUAL_WRITE,
    /** The real driver running hand-written SQL that fills both columns: the floor for DUAL_WRITE. */
    HAND_DUAL_WRITE;

    String table() {
        return this == TANDEM_DUAL_WRITE || this == HAND_DUAL_WRITE ? MigrationSpec.MIGRATED_TABLE
            : MigrationSpec.PLAIN_TABLE;
    }

    /** True if the application SQL itself writes the new column (only the hand-written floor does). */
    boolean writesBothColumns() {
        return this == HAND_DUAL_WRITE;
    }

    /** The package the connection class must come from, to prove the statement takes this path. */
    String connectionPackage(String rawUrl) {
        return switch (this) {
            case RAW, HAND_DUAL_WRITE -> rawUrl.startsWith("jdbc:postgresql:") ? "org.postgresql." : "com.mysql.";
            case P6SPY -> "com.p6spy.";
            case TANDEM_PASSTHROUGH, TANDEM_DUAL_WRITE -> "dev.tandem.driver.";
        };
    }

    String url(String rawUrl, Path spec) {
        return switch (this) {
            case RAW, HAND_DUAL_WRITE -> rawUrl;
            case P6SPY -> "jdbc:p6spy:" + rawUrl.substring("jdbc:".length());
            case TANDEM_PASSTHROUGH, TANDEM_DUAL_WRITE -> MigrationSpec.tandemUrl(rawUrl, spec, "");
        };
    }
}
