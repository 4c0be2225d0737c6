package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.internal.config.ConfigSnapshot;
import dev.tandem.driver.spec.Migration;
import dev.tandem.driver.schema.Catalog;
import dev.tandem.driver.schema.Dialect;
import dev.tandem.driver.internal.rewrite.ResultShape;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Entry point of the rewriters: applies the rules of every migration the statement touches to a
 * parsed statement, in place, and reports what it did.
 */
public final class StatementRewriter {

    /**
     * What a rewrite produced.
     *
     * @param changed  false if the statement needs no change (send the original text)
     * @param writes   true if it writes a migrated table
     * @param touched  migrations whose table the statement references
     * @param sampled  migrations whose partial read share was consulted (the plan varies with them)
     * @param shape    hidden shadow columns, or {@code null}
     * @param sql      the text to send in place of the rewritten tree's, or {@code null} (a move's write, which
     *                 becomes a statement of another type: {@link MoveWrites})
     * @param steps    statements to run with it in one transaction (a move's write on MySQL/MariaDB), or empty
     * @param retryDeadlock in autocommit mode, run it again when a deadlock ends it (its locks include Tandem's)
     */
    public record Outcome(boolean changed, boolean writes, List<Migration> touched, List<Migration> sampled,
                          ResultShape shape, String sql, List<WriteStep> steps, boolean retryDeadlock) {
    }

    private StatementRewriter() {
    }

    /**
     * Rewrites {@code statement} in place. {@code sampledOn} decides, for a migration with a partial
     * shadow/read-new share, whether this plan variant takes the sampled path.
     *
     * @throws RewriteException when the statement cannot be rewritten exactly
     * @throws MetadataUnavailableException when table metadata was needed and could not be read
     */
    public static Outcome rewrite(Statement statement, ConfigSnapshot snapshot, Dialect dialect, Catalog catalog,
                                  Connection connection, Predicate<Migration> sampledOn) {
        return rewrite(statement, null, snapshot, dialect, catalog, connection, sampledOn);
    }

    /**
     * As {@link #rewrite(Statement, ConfigSnapshot, Dialect, Catalog, Connection, Predicate)}; {@code parsedText} is
     * the text the statement was parsed from, whose spans give MySQL labels the application's own characters.
     */
    public static Outcome rewrite(Statement statement, String parsedText, ConfigSnapshot snapshot, Dialect dialect,
                                  Catalog catalog, Connection connection, Predicate<Migration> sampledOn) {
        RewriteContext ctx = new RewriteContext(snapshot, dialect, catalog, connection, sampledOn);
        ctx.parsedText = parsedText;
        SelectRewriter selects = new SelectRewriter(ctx);
        ctx.writeStatement = statement instanceof Insert || statement instanceof Update || statement instanceof Delete;
        ctx.lockingRead = statement instanceof Select && ((Select) statement).getForMode() != null;
        if (statement instanceof net.sf.jsqlparser.statement.merge.Merge) {
            refuseIfTouched(ctx, ((net.sf.jsqlparser.statement.merge.Merge) statement).getTable(),
                "MERGE statements are not rewritten; use INSERT ... ON CONFLICT or UPDATE");
        } else if (statement instanceof Upsert && !isReplace((Upsert) statement, dialect)) {
            refuseIfTouched(ctx, ((Upsert) statement).getTable(), "UPSERT statements are not rewritten; "
                + "use INSERT ... ON DUPLICATE KEY UPDATE or ON CONFLICT");
        }
        boolean dml = statement instanceof Select || statement instanceof Insert || statement instanceof Update
            || statement instanceof Delete || statement instanceof Upsert;
        if (!dml) {
            // Not rewritten: refused if it names a migrated table (DDL aside), else sent as it is.
            Precheck.precheck(statement, ctx);
            return new Outcome(false, false, ctx.touched, ctx.sampled, null, null, List.of(), false);
        }
        MoveWrites.check(ctx, statement);
        try {
            if (statement instanceof Select) {
                selects.rewriteTop((Select) statement);
            } else if (statement instanceof Insert) {
                InsertRewriter.rewrite(ctx, selects, (Insert) statement);
            } else if (statement instanceof Update) {
                update(ctx, selects, (Update) statement);
            } else if (statement instanceof Delete) {
                delete(ctx, selects, (Delete) statement);
            } else {
                ctx.writeStatement = true;
                InsertRewriter.rewriteReplace(ctx, selects, (Upsert) statement);
            }
        } catch (RewriteException | MetadataUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // A construct no rewriter knows is the likely cause: name it (the walk refuses it) rather than the failure.
            Precheck.precheck(statement, ctx);
            throw e;
        }
        // One walk over the rewritten statement: node types, surviving old columns, both sides written.
        PlanVerifier.verify(statement, ctx);
        // Verified as the application wrote it (reads rewritten); a move then wraps it with the target's write.
        String sql = MoveWrites.wrap(ctx, statement);
        return new Outcome(ctx.changed, ctx.writes, ctx.touched, ctx.sampled, ctx.shape, sql, ctx.steps, ctx.retryDeadlock);
    }

    private static void update(RewriteContext ctx, SelectRewriter selects, Update update) {
        Scope scope = new Scope(selects.withItems(update.getWithItemsList(), null));
        Source target = Source.table(update.getTable(), ctx.migrationsOn(update.getTable()));
        scope.sources.add(target);
        addJoins(selects, update.getStartJoins(), scope);
        selects.addFromItem(update.getFromItem(), scope);
        addJoins(selects, update.getJoins(), scope);
        if (ctx.dialect.setSeesEarlierAssignments() && scope.sources.size() > 1) {
            refuseMultiTableAssignment(scope, update);
        }
        // Only the target's columns are assigned: PostgreSQL allows nothing else, and a MySQL multi-table
        // UPDATE that assigns migrated columns was refused above.
        AssignmentRewriter.rewrite(ctx, target, update.getUpdateSets(), scope, selects, update);
        selects.expressions(scope).rewrite(update.getWhere());
        selects.orderBy(update.getOrderByElements(), scope, Set.of());
        if (update.getReturningClause() != null) {
            selects.selectItems(update.getReturningClause(), scope);
        }
    }

    private static void delete(RewriteContext ctx, SelectRewriter selects, Delete delete) {
        Scope scope = new Scope(selects.withItems(delete.getWithItemsList(), null));
        Source target = Source.table(delete.getTable(), ctx.migrationsOn(delete.getTable()));
        scope.sources.add(target);
        if (delete.getUsingList() != null) {
            for (Table t : delete.getUsingList()) {
                selects.addFromItem(t, scope);
            }
        }
        addJoins(selects, delete.getJoins(), scope);
        if (target.isMigrated()) {
            ctx.writes = true;
        }
        selects.expressions(scope).rewrite(delete.getWhere());
        selects.orderBy(delete.getOrderByElements(), scope, Set.of());
        if (delete.getReturningClause() != null) {
            selects.selectItems(delete.getReturningClause(), scope);
        }
    }

    private static void addJoins(SelectRewriter selects, List<Join> joins, Scope scope) {
        if (joins == null) {
            return;
        }
        for (Join j : joins) {
            selects.addFromItem(j.getFromItem(), scope);
        }
        for (Join j : joins) {
            for (var on : j.getOnExpressions()) {
                selects.expressions(scope).rewrite(on);
            }
        }
    }

    /**
     * MySQL does not promise an order for the assignments of a multi-table UPDATE, so neither reading
     * the assigned column nor substituting its expression is exact there.
     */
    private static void refuseMultiTableAssignment(Scope scope, Update update) {
        for (var set : update.getUpdateSets()) {
            for (var c : set.getColumns()) {
                for (Source s : scope.sources) {
                    if (c.getTable() != null && c.getTable().getName() != null && !s.answersTo(c.getTable())) {
                        continue;
                    }
                    Migration m = s.migrationWithOld(c.getColumnName());
                    m = m != null ? m : s.migrationWithNew(c.getColumnName());
                    if (m != null && m.phase().rewrites()) {
                        throw RewriteException.unsupported(m, "a multi-table UPDATE assigns migrated column " + c
                            + ", and MySQL does not guarantee the order of its assignments; update " + m.table()
                            + " in a single-table UPDATE (select the rows with a subquery in WHERE)");
                    }
                }
            }
        }
    }

    private static boolean isReplace(Upsert up, Dialect dialect) {
        var type = up.getUpsertType();
        return dialect.hasReplaceStatement() && (type == net.sf.jsqlparser.statement.upsert.UpsertType.REPLACE
            || type == net.sf.jsqlparser.statement.upsert.UpsertType.REPLACE_SET);
    }

    private static void refuseIfTouched(RewriteContext ctx, Table table, String reason) {
        List<Migration> ms = ctx.migrationsOn(table);
        if (!ms.isEmpty()) {
            throw RewriteException.unsupported(ms.get(0), reason);
        }
    }
}
