package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/** Small questions about parsed statements, for the planner and the verifier. */
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

    /** Removes {@code node} (by identity) from a short list; true if it was there. */
    static boolean removeSame(List<Object> list, Object node) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i) == node) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    static String cteName(WithItem<?> w) {
        return w.getAlias() == null ? "" : Identifiers.unquote(w.getAlias().getName()).toLowerCase(Locale.ROOT);
    }

    /** MySQL's VALUES(col) in ON DUPLICATE KEY UPDATE: the proposed row's value of col. */
    static boolean isValuesOfColumn(Function f) {
        return "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null && f.getParameters().size() == 1
            && f.getParameters().get(0) instanceof Column;
    }

    static Set<String> ownCteNames(List<? extends WithItem<?>> with) {
        if (with.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (WithItem<?> w : with) {
            out.add(cteName(w));
        }
        return out;
    }

    /** The WITH list of a statement node (a query, INSERT, UPDATE or DELETE); empty for any other node. */
    static List<? extends WithItem<?>> withItems(Object node) {
        List<? extends WithItem<?>> with = null;
        if (node instanceof Select) {
            with = ((Select) node).getWithItemsList();
        } else if (node instanceof Insert) {
            with = ((Insert) node).getWithItemsList();
        } else if (node instanceof Update) {
            with = ((Update) node).getWithItemsList();
        } else if (node instanceof Delete) {
            with = ((Delete) node).getWithItemsList();
        }
        return with == null ? List.of() : with;
    }
}
