package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Identifiers;
import dev.tandem.driver.spec.Migration;

import java.util.List;

/**
 * How a moved column is read through its source table from the target ({@link Migration.Kind#MOVE}): a
 * correlated scalar subquery on the 1:1 key, {@code (SELECT backward(t.new) FROM target t WHERE t.tk = src.k)}.
 * A scalar subquery, not a join, so the row count and every other clause of the application's query stay as they
 * were; a missing target row reads NULL (the guards put READ_NEW after a complete backfill, so there is none).
 */
final class MoveReads {
    /** The target's alias inside the subquery; local to it, so it shadows nothing the application named. */
    static final String ALIAS = "tandem_mv";

    private MoveReads() {
    }

    /**
     * The expression that reads old column {@code old} of {@code m}'s source table, whose row is named
     * {@code qualifier} in the enclosing query, from the target table; cast to the old column's type unless
     * backward is a bare column.
     */
    static String read(Migration m, String old, String qualifier, RewriteContext ctx) {
        if (ctx.dialect.setSeesEarlierAssignments() && Identifiers.matches(m.table().name(), qualifier)
            && occurrences(ctx.parsedText, m.table().name()) != 1) {
            // MySQL and MariaDB resolve a correlated name that more than one level of the query holds to the wrong
            // level once they flatten a subquery (an IN subquery on the same table read an empty result); an alias
            // per occurrence makes the reference unambiguous.
            throw MoveWrites.refuse(m, "it reads moved column " + old + " of " + m.table() + ", which the statement "
                + "names more than once without an alias; on MySQL and MariaDB give each " + m.table().name()
                + " an alias (FROM " + m.table().name() + " p)");
        }
        String backward = m.backward().get(old);
        String value = Exprs.substitute(backward, c -> null, ALIAS);
        if (!Exprs.isBareColumn(backward)) {
            value = Exprs.cast(value, ctx.dialect.castType(ctx.columnType(m.table(), old)));
        }
        return "(SELECT " + value + " FROM " + m.target() + " " + ALIAS + " WHERE " + keyMatch(m, qualifier) + ")";
    }

    /** How often {@code name} occurs in {@code text} as a word, case-insensitively (-1 without a text). */
    private static int occurrences(String text, String name) {
        if (text == null) {
            return -1;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(?<![\\w$])" + java.util.regex.Pattern
            .quote(Identifiers.unquote(name)) + "(?![\\w$])").matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** {@code tandem_mv.tk1 = q.k1 AND ...}: the target row of the source row named {@code qualifier}. */
    static String keyMatch(Migration m, String qualifier) {
        List<String> key = m.key();
        List<String> targetKey = m.targetKey();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) {
                b.append(" AND ");
            }
            b.append(ALIAS).append('.').append(targetKey.get(i)).append(" = ").append(qualifier).append('.')
                .append(key.get(i));
        }
        return b.toString();
    }
}
