package dev.tandem.driver.internal.rewrite;

/** How one statement reads one migration's old columns. */
enum ReadMode {
    /** Read the old columns as written. */
    OLD,
    /** Read the old columns, and compute backward(new) alongside for comparison. */
    SHADOW,
    /** Read backward(new) in place of every old column. */
    NEW
}
