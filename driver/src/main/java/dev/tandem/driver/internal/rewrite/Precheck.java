package dev.tandem.driver.internal.rewrite;

import dev.tandem.driver.spec.Migration;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;

import java.util.Set;

/**
 * The node types Tandem understands, and the check that runs before any rewriter sees a statement: which
 * migrated tables it names, the kind of statement, and whether every node is of an understood type. A construct
 * no rewriter understands is refused here with its name; {@link PlanVerifier} checks the same list again on the
 * rewritten tree.
 */
final class Precheck {
    private Precheck() {
    }

    /** Node types whose every part Tandem's rewriters and this verifier understand. */
    private static final Set<String> UNDERSTOOD = Set.of(
        // statements and their clauses
        "statement.select.PlainSelect", "statement.select.SetOperationList", "statement.select.ParenthesedSelect",
        "statement.select.Values", "statement.select.WithItem", "statement.select.SelectItem",
        "statement.select.AllColumns", "statement.select.AllTableColumns", "statement.select.Join",
        "statement.select.OrderByElement", "statement.select.GroupByElement", "statement.select.Limit",
        "statement.select.Offset", "statement.select.Fetch", "statement.select.Distinct",
        "statement.select.LateralSubSelect", "statement.select.ParenthesedFromItem",
        "statement.select.TableFunction", "statement.select.UnionOp", "statement.select.IntersectOp",
        "statement.select.ExceptOp", "statement.select.MinusOp", "statement.select.Wait",
        "statement.insert.Insert", "statement.insert.InsertConflictTarget", "statement.insert.InsertConflictAction",
        "statement.update.Update", "statement.update.UpdateSet", "statement.delete.Delete",
        "statement.upsert.Upsert",
        "statement.ReturningClause", "statement.create.table.ColDataType",
        "schema.Column", "schema.Table",
        // expressions
        "expression.Alias", "expression.Alias$AliasColumn", "expression.AnalyticExpression",
        "expression.CaseExpression", "expression.WhenClause", "expression.CastExpression",
        "expression.CollateExpression", "expression.DateTimeLiteralExpression", "expression.DateValue",
        "expression.TimeValue", "expression.TimestampValue", "expression.DoubleValue", "expression.LongValue",
        "expression.StringValue", "expression.HexValue", "expression.NullValue", "expression.BooleanValue",
        "expression.ExtractExpression", "expression.Function", "expression.IntervalExpression",
        "expression.JdbcParameter", "expression.NotExpression", "expression.SignedExpression",
        "expression.TimeKeyExpression", "expression.UserVariable", "expression.WindowDefinition",
        "expression.WindowElement", "expression.WindowOffset", "expression.WindowRange", "expression.OrderByClause",
        "expression.PartitionByClause", "expression.TrimFunction", "expression.ArrayExpression",
        "expression.ArrayConstructor", "expression.RowConstructor", "expression.AnyComparisonExpression",
        "expression.MySQLGroupConcat", "expression.MySQLIndexHint", "expression.OracleHint",
        "expression.TimezoneExpression", "expression.NextValExpression", "expression.Parenthesis",
        "expression.JsonExpression", "expression.OverlapsCondition",
        "expression.operators.arithmetic.Addition", "expression.operators.arithmetic.BitwiseAnd",
        "expression.operators.arithmetic.BitwiseLeftShift", "expression.operators.arithmetic.BitwiseOr",
        "expression.operators.arithmetic.BitwiseRightShift", "expression.operators.arithmetic.BitwiseXor",
        "expression.operators.arithmetic.Concat", "expression.operators.arithmetic.Division",
        "expression.operators.arithmetic.IntegerDivision", "expression.operators.arithmetic.Modulo",
        "expression.operators.arithmetic.Multiplication", "expression.operators.arithmetic.Subtraction",
        "expression.operators.conditional.AndExpression", "expression.operators.conditional.OrExpression",
        "expression.operators.conditional.XorExpression",
        "expression.operators.relational.Between", "expression.operators.relational.EqualsTo",
        "expression.operators.relational.ExistsExpression", "expression.operators.relational.ExpressionList",
        "expression.operators.relational.GreaterThan", "expression.operators.relational.GreaterThanEquals",
        "expression.operators.relational.InExpression", "expression.operators.relational.IsBooleanExpression",
        "expression.operators.relational.IsDistinctExpression", "expression.operators.relational.IsNullExpression",
        "expression.operators.relational.IsUnknownExpression", "expression.operators.relational.JsonOperator",
        "expression.operators.relational.LikeExpression", "expression.operators.relational.MinorThan",
        "expression.operators.relational.MinorThanEquals", "expression.operators.relational.NotEqualsTo",
        "expression.operators.relational.ParenthesedExpressionList",
        "expression.operators.relational.RegExpMatchOperator",
        "expression.operators.relational.SimilarToExpression", "expression.operators.relational.Matches",
        "expression.operators.relational.Contains", "expression.operators.relational.ContainedBy",
        "expression.operators.relational.DoubleAnd", "expression.operators.relational.MemberOfExpression",
        "expression.operators.relational.NamedExpressionList");

    /** DDL and other statements Tandem sends unchanged by design (docs/sql-support.md, "Other statements"). */
    private static final Set<String> LEFT_TO_THE_OPERATOR = Set.of(
        "statement.alter.Alter", "statement.create.index.CreateIndex", "statement.create.table.CreateTable",
        "statement.create.view.CreateView", "statement.create.view.AlterView", "statement.drop.Drop",
        "statement.truncate.Truncate", "statement.comment.Comment", "statement.analyze.Analyze",
        "statement.grant.Grant", "statement.alter.RenameTableStatement");

    private static final String MODEL = "net.sf.jsqlparser.";

    /**
     * The checks that need no rewrite, run before the rewriters see the statement, in one walk: which migrated
     * tables it names, the kind of statement and the node types. A construct no rewriter understands is refused
     * here with its name, before any rewriter can trip over it.
     *
     * @return a migration in a rewriting phase the statement touches (then {@link #verify} checks the rewrite), or
     *         null when it touches none or is DDL left to the operator
     */
    static Migration precheck(Statement statement, RewriteContext ctx) {
        Migration[] found = new Migration[1];
        Object[] unknown = new Object[1];
        TreeWalk.walk(statement, (node, owner, field) -> {
            if (node instanceof Table && !(owner instanceof Column) && !(owner instanceof AllTableColumns)) {
                for (Migration m : ctx.migrationsOn((Table) node)) {
                    if (m.phase().rewrites() && found[0] == null) {
                        found[0] = m;
                    }
                }
            }
            if (unknown[0] == null && node != statement && !understood(node.getClass())) {
                unknown[0] = node;
            }
            return true;
        });
        Migration enforced = found[0];
        if (enforced == null || LEFT_TO_THE_OPERATOR.contains(shortName(statement.getClass()))) {
            return null;
        }
        if (!(statement instanceof Select || statement instanceof Insert || statement instanceof Update
            || statement instanceof Delete || statement instanceof net.sf.jsqlparser.statement.upsert.Upsert)) {
            throw RewriteException.unsupported(enforced, "a " + statement.getClass().getSimpleName()
                + " statement on a migrated table is not rewritten; Tandem rewrites SELECT, INSERT, UPDATE and "
                + "DELETE (run it on a connection without Tandem if it must reach the tables as they are)");
        }
        if (unknown[0] != null) {
            throw RewriteException.unsupported(enforced, "it uses " + describe(unknown[0])
                + ", which Tandem does not rewrite on a migrated table; write the statement without it");
        }
        return enforced;
    }

    /** Whether a node class is one of {@link #UNDERSTOOD}, computed once per class. */
    private static final ClassValue<Boolean> UNDERSTOOD_TYPES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return UNDERSTOOD.contains(shortName(type));
        }
    };

    /** True if instances of {@code type} are nodes Tandem understands. */
    static boolean understood(Class<?> type) {
        return UNDERSTOOD_TYPES.get(type);
    }

    private static String shortName(Class<?> c) {
        String n = c.getName();
        return n.startsWith(MODEL) ? n.substring(MODEL.length()) : n;
    }

    static String describe(Object node) {
        String text;
        try {
            text = String.valueOf(node);
        } catch (RuntimeException e) {
            text = "";
        }
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return "a " + node.getClass().getSimpleName() + (text.isEmpty() ? "" : " (" + text + ")");
    }
}
