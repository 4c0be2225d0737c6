package dev.tandem.bench.overhead;

import dev.tandem.bench.MigrationSpec;

/** What sits between the benchmark and the stub driver, and which table and SQL text it is given. */
public enum Target {
    /** The stub itself: the baseline every overhead is measured against. */
    RAW(false, false, false),
    /** p6spy over the stub (wrapping every call, logging nothing: see spy.properties). */
    P6SPY(false, false, false),
    /** Tandem with the statement on a table under no migration: prefilter, then straight through. */
    TANDEM_PASSTHROUGH(true, false, false),
    /** Tandem with the statement on the migrated table: the same text every time, so the plan is cached. */
    TANDEM_WARM(true, true, false),
    /** Tandem with a different text every time (a trailing comment with a counter): parse, rewrite, cache. */
    TANDEM_COLD(true, true, true),
    /** The raw stub given the same changing text as TANDEM_COLD: the baseline for the cold path. */
    RAW_UNIQUE_TEXT(false, false, true);

    private final boolean tandem;
    private final boolean migratedTable;
    private final boolean uniqueText;

    Target(boolean tandem, boolean migratedTable, boolean uniqueText) {
        this.tandem = tandem;
        this.migratedTable = migratedTable;
        this.uniqueText = uniqueText;
    }

    boolean uniqueText() {
        return uniqueText;
    }

    String table() {
        return migratedTable ? MigrationSpec.MIGRATED_TABLE : MigrationSpec.PLAIN_TABLE;
    }

    /**
     * Whether a connection of class {@code className} proves the statement takes this path: Tandem's own
     * classes (the stub, from the driver's test jar, shares the driver's package prefix), p6spy's, or the stub.
     */
    boolean connectedThrough(String className) {
        boolean stub = className.startsWith("dev.tandem.driver.stub.");
        if (tandem) {
            return className.startsWith("dev.tandem.driver.") && !stub;
        }
        return this == P6SPY ? className.startsWith("com.p6spy.") : stub;
    }

    /** The outcome Tandem's {@code tandem.statements} meter must count for this target, or null. */
    String tandemOutcome(Shape shape) {
        if (!tandem) {
            return null;
        }
        if (!migratedTable) {
            return "passthrough";
        }
        return shape == Shape.SELECT ? "unchanged" : "rewritten"; // DUAL_WRITE reads the old column as it is
    }

    /** The URL to connect with; {@code tandemUrl} is the Tandem URL over the stub. */
    String url(String stubUrl, String tandemUrl) {
        if (tandem) {
            return tandemUrl;
        }
        return this == P6SPY ? "jdbc:p6spy:" + stubUrl.substring("jdbc:".length()) : stubUrl;
    }
}
