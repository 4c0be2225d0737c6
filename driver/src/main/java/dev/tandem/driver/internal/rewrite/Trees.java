package dev.tandem.driver.internal.rewrite;

import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllTableColumns;

import java.util.function.Consumer;

/** Walks over parsed statements for the planner, through {@link TreeWalk}. */
public final class Trees {
    private Trees() {
    }

    /** Every table the statement reads or writes (column qualifiers are not tables). */
    public static void forEachTable(Statement statement, Consumer<Table> action) {
        TreeWalk.walk(statement, (node, owner, field) -> {
            if (node instanceof Table && !(owner instanceof Column) && !(owner instanceof AllTableColumns)) {
                action.accept((Table) node);
            }
            return true;
        });
    }
}
