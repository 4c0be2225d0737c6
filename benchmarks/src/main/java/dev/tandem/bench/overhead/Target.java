package dev.tandem.bench.overhead;

import dev.tandem.bench.MigrationSpec;

/** What sits between the benchmark and the stub driver, and which table and SQL text it is given. */
public enum Target {
    /** The stub itself: the baseline every overhead is measured against. */
    RAW(false, false),
    /** p6spy over the stub (wrapping every call, logging nothing: see spy.properties). */
    P6SPY(false, false),
    /** Tandem with the statement on a table under no migration: prefilter, then straight through. */
    TANDEM_PASSTHROUGH(true, false),
    /** Tandem with the statement on the migrated table: the same text every time, so the plan is cached. */
    TANDEM_WARM(true, true),
    /**
     * Tandem with a different text every time (a trailing comment with a counter): parse, rewrite, cache. With
     * statement shapes off: a comment is not part of a shape, so with shapes on every text after the first
     * would be a shape hit, not the cold path.
     */
    TANDEM_COLD(true, true, Text.COMMENT_COUNTER),
    /** The raw stub given the same changing text as TANDEM_COLD: the baseline for the cold path. */
    RAW_UNIQUE_TEXT(false, false, Text.COMMENT_COUNTER),
    /**
     * Tandem given a different text every time that differs from the others only in its literal values (a
     * plain Statement): planned through the statement's shape. READ_NEW for the SELECT, DUAL_WRITE for the
     * writes, so that every shape is rewritten.
     */
    TANDEM_LITERALS(true, true, Text.LITERALS),
    /**
     * As TANDEM_LITERALS with statement shapes off ({@code tandem.shapes=off}): every text parsed. Its texts
     * never repeat (a ring would come back from the text cache), so building each, a microsecond at most, is
     * in its time: this target shows what shapes save, it is not judged.
     */
    TANDEM_LITERALS_NO_SHAPES(true, true, Text.LITERALS_UNIQUE),
    /** The raw stub given the same changing texts as TANDEM_LITERALS: their baseline. */
    RAW_LITERALS(false, true, Text.LITERALS);

    /** Which texts a target's statements have. */
    enum Text {
        /** The shape's text, the same every time. */
        FIXED,
        /** The shape's text with a trailing comment holding a counter. */
        COMMENT_COUNTER,
        /** A ring of texts of the shape with different literal values ({@link Shape#literalTexts}). */
        LITERALS,
        /** Texts of the shape with different literal values, a new one every time ({@link Shape#literalText}). */
        LITERALS_UNIQUE
    }

    private final boolean tandem;
    private final boolean migratedTable;
    private final Text text;

    Target(boolean tandem, boolean migratedTable) {
        this(tandem, migratedTable, Text.FIXED);
    }

    Target(boolean tandem, boolean migratedTable, Text text) {
        this.tandem = tandem;
        this.migratedTable = migratedTable;
        this.text = text;
    }

    Text text() {
        return text;
    }

    /** The migration's phase for {@code shape}: READ_NEW for the SELECT of the literal targets. */
    String phase(Shape shape) {
        return text != Text.FIXED && text != Text.COMMENT_COUNTER && shape == Shape.SELECT ? MigrationSpec.READ_NEW
            : MigrationSpec.DUAL_WRITE;
    }

    /** Tandem URL options beyond the spec and dialect. */
    String tandemOptions() {
        return this == TANDEM_COLD || this == TANDEM_LITERALS_NO_SHAPES ? "&tandem.shapes=off" : "";
    }

    /** True if Tandem must have planned this target's statements through their shape. */
    boolean throughShapes() {
        return this == TANDEM_LITERALS;
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
        // DUAL_WRITE reads the old column as it is; READ_NEW reads the new one
        return shape == Shape.SELECT && phase(shape).equals(MigrationSpec.DUAL_WRITE) ? "unchanged" : "rewritten";
    }

    /** The URL to connect with; {@code tandemUrl} is the Tandem URL over the stub. */
    String url(String stubUrl, String tandemUrl) {
        if (tandem) {
            return tandemUrl;
        }
        return this == P6SPY ? "jdbc:p6spy:" + stubUrl.substring("jdbc:".length()) : stubUrl;
    }
}
