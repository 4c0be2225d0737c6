package dev.tandem.driver.internal.rewrite;

import java.util.List;

/**
 * What the ResultSet wrapper must do with a rewritten query's columns: how many the application sees
 * (the rest are hidden trailing columns added by Tandem), and which visible/hidden pairs to compare
 * in SHADOW_READ, with the hidden columns that carry the row key for the mismatch log.
 *
 * @param visibleColumns number of leading columns the application sees
 * @param checks         shadow comparisons, each pairing a visible column with a hidden one
 * @param keyColumns     1-based indexes (visible or hidden) of the row key columns, in key order
 * @param keyNames       names of the key columns, for the log
 */
public record ResultShape(int visibleColumns, List<ShadowCheck> checks, int[] keyColumns, List<String> keyNames) {

    /**
     * One comparison: the value the application reads at {@code visibleIndex} (old side) against the
     * value Tandem computed at {@code hiddenIndex} (backward of the new side).
     */
    public record ShadowCheck(String migrationId, String column, int visibleIndex, int hiddenIndex) {
    }
}
