package dev.tandem.driver.oracle;

import dev.tandem.driver.oracle.OracleCase.Param;
import dev.tandem.testdb.DbKind;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded, grammar-based generator of SELECT / INSERT / UPDATE / DELETE / upsert statements over the oracle
 * schema. Every fragment carries its parameters in textual order. Queries either end in an ORDER BY that is
 * total (every table's key is a tie-breaker) and are compared in order, or are compared as multisets. Values
 * written to migrated columns stay inside what the migrations round-trip, so that a difference is Tandem's.
 */
final class StatementGenerator {

    /** A column's type class. */
    enum T { ID, INT, DEC, STR, DATE, TS }

    /** What may be written to a column without breaking backward(forward(x)) = x. */
    enum Dom { ANY, NOT_NULL, EMAIL, TWO_WORDS, ONE_WORD, NONE }

    record GCol(String name, T type, Dom dom, boolean old) {
    }

    record GTable(String name, String alias, List<GCol> cols, boolean base) {
        GCol col(String n) {
            for (GCol c : cols) {
                if (c.name().equals(n)) {
                    return c;
                }
            }
            return null;
        }

        boolean hasId() {
            return col("id") != null;
        }
    }

    /** A table reference in a FROM clause: the table and the name it is referred to by. */
    record Ref(GTable t, String name) {
        String q(String col) {
            return name + "." + col;
        }
    }

    /** SQL text with its parameters in textual order. */
    static final class Frag {
        final StringBuilder sql = new StringBuilder();
        final List<Param> params = new ArrayList<>();

        Frag() {
        }

        Frag(String s) {
            sql.append(s);
        }

        Frag a(String s) {
            sql.append(s);
            return this;
        }

        Frag a(Frag f) {
            sql.append(f.sql);
            params.addAll(f.params);
            return this;
        }

        Frag p(Param param) {
            sql.append('?');
            params.add(param);
            return this;
        }

        @Override
        public String toString() {
            return sql.toString();
        }
    }

    static final GTable USERS = new GTable("users", "u", List.of(new GCol("id", T.ID, Dom.NONE, false),
        new GCol("name", T.STR, Dom.NOT_NULL, false), new GCol("email", T.STR, Dom.EMAIL, true),
        new GCol("created", T.DATE, Dom.ANY, false), new GCol("score", T.INT, Dom.ANY, false)), true);
    static final GTable ORDERS = new GTable("orders", "o", List.of(new GCol("id", T.ID, Dom.NONE, false),
        new GCol("user_id", T.INT, Dom.ANY, false), new GCol("qty", T.INT, Dom.ANY, false),
        new GCol("price", T.DEC, Dom.ANY, true), new GCol("note", T.STR, Dom.ANY, false),
        new GCol("status", T.STR, Dom.ANY, false)), true);
    static final GTable PEOPLE = new GTable("people", "p", List.of(new GCol("id", T.ID, Dom.NONE, false),
        new GCol("full_name", T.STR, Dom.TWO_WORDS, true), new GCol("age", T.INT, Dom.ANY, false)), true);
    static final GTable CONTACTS = new GTable("contacts", "c", List.of(new GCol("id", T.ID, Dom.NONE, false),
        new GCol("given_name", T.STR, Dom.ONE_WORD, true), new GCol("family_name", T.STR, Dom.ONE_WORD, true),
        new GCol("person_id", T.INT, Dom.ANY, false), new GCol("city", T.STR, Dom.ANY, false)), true);
    static final GTable AUDIT = new GTable("audit_log", "a", List.of(new GCol("id", T.ID, Dom.NONE, false),
        new GCol("user_id", T.INT, Dom.ANY, false), new GCol("note", T.STR, Dom.ANY, false),
        new GCol("logged_at", T.TS, Dom.ANY, false)), true);
    static final List<GTable> TABLES = List.of(USERS, ORDERS, PEOPLE, CONTACTS, AUDIT);
    /** Tables weighted towards the migrated ones. */
    static final List<GTable> WEIGHTED = List.of(USERS, USERS, USERS, ORDERS, ORDERS, ORDERS, PEOPLE, PEOPLE,
        CONTACTS, CONTACTS, AUDIT);

    /** Join conditions between two tables: {left, right, condition with %1$s / %2$s for the two names}. */
    static final String[][] JOINS = {
        {"users", "orders", "%2$s.user_id = %1$s.id"},
        {"orders", "users", "%2$s.id = %1$s.user_id"},
        {"users", "audit_log", "%2$s.user_id = %1$s.id"},
        {"audit_log", "users", "%2$s.id = %1$s.user_id"},
        {"orders", "audit_log", "%2$s.user_id = %1$s.user_id"},
        {"people", "contacts", "%2$s.person_id = %1$s.id"},
        {"contacts", "people", "%2$s.id = %1$s.person_id"},
        {"users", "contacts", "%2$s.id = %1$s.id"},
        {"people", "users", "%2$s.id = %1$s.id"},
        {"users", "users", "%2$s.id = %1$s.id + 1"},
        {"orders", "orders", "%2$s.user_id = %1$s.user_id AND %2$s.id <> %1$s.id"},
        {"contacts", "contacts", "%2$s.family_name = %1$s.family_name AND %2$s.id < %1$s.id"},
    };

    static final String[] NAMES = {"zoe", "max", "lia", "ned", "ola", "pia", "quin", "rae"};
    static final String[] TWO_WORDS = {"Kurt Godel", "Emmy Noether", "John Backus", "Ken Iverson", "Frances Allen",
        "alan kay", "Niklaus Wirth", "Ada Lovelace", "Alan Turing"};
    static final String[] ONE_WORD = {"Grace", "Hopper", "Emmy", "Noether", "Ken", "Thompson", "zed", "Ada", "Wirth"};
    static final String[] NOTES = {"gift", "rush", "late", "ok", "first", "bulk"};
    static final String[] STATUS = {"new", "paid", "shipped"};
    static final String[] CITIES = {"Oslo", "London", "NYC", "Paris"};
    static final String[] DECIMALS = {"0.99", "5.00", "12.34", "19.999", "-2.50", "100.10", "42", "7.5", "0.005",
        "1234.56", "3"};
    static final String[] EXISTING_EMAILS = {"ann@x.io", "bob@x.io", "dee@x.io", "Eve@X.io", "fay@y.org"};
    static final String[] DATES = {"2024-01-05", "2024-03-01", "2024-04-20", "2023-12-31", "2025-06-30"};
    static final String[] TIMESTAMPS = {"2024-01-02 11:30:00", "2024-02-01 00:00:00", "2023-06-15 12:00:00"};

    private final DbKind kind;
    private final boolean pg;
    private final Random r;
    private int emailCounter;
    private boolean ordered;

    StatementGenerator(DbKind kind, long seed) {
        this.kind = kind;
        this.pg = kind == DbKind.POSTGRESQL;
        this.r = new Random(seed * 31 + kind.ordinal());
    }

    /** {@code count} distinct statements (fewer only if the grammar runs dry), numbered from 0. */
    static List<OracleCase> generate(DbKind kind, long seed, int count) {
        StatementGenerator g = new StatementGenerator(kind, seed);
        Map<String, OracleCase> seen = new LinkedHashMap<>();
        int attempts = 0;
        while (seen.size() < count && attempts++ < count * 20) {
            OracleCase c = g.next();
            seen.putIfAbsent(c.identity(), c);
        }
        List<OracleCase> out = new ArrayList<>(seen.values());
        for (int i = 0; i < out.size(); i++) {
            out.get(i).origin = "generated(" + kind + ", seed " + seed + ")";
            out.get(i).index = i;
        }
        return out;
    }

    OracleCase next() {
        ordered = false;
        pendingWhere = null;
        namedWindow = null;
        int roll = r.nextInt(100);
        Frag f;
        boolean isQuery = false;
        OracleCase.Keys keys = OracleCase.Keys.NONE;
        if (roll < 46) {
            f = query();
            isQuery = true;
        } else if (roll < 62) {
            GTable t = pick(WEIGHTED);
            boolean omitId = (t == USERS || t == AUDIT) && r.nextInt(4) == 0;
            f = insert(t, omitId);
            if (omitId && !f.sql.toString().contains("RETURNING") && r.nextBoolean()) {
                keys = r.nextBoolean() ? OracleCase.Keys.RETURN_GENERATED_KEYS : OracleCase.Keys.ID_COLUMN;
            }
        } else if (roll < 70) {
            f = upsert();
        } else if (roll < 88) {
            f = update();
        } else if (roll < 97) {
            f = delete();
        } else {
            f = pg ? modifyingCte() : update();
        }
        OracleCase c = new OracleCase(f.toString(), f.params);
        c.dialects = java.util.EnumSet.of(kind);
        c.keys = keys;
        if (c.params.get(0).isEmpty() && r.nextInt(4) == 0) {
            c.prepared();
        }
        c.order = isQuery && ordered ? OracleCase.Order.ORDERED : OracleCase.Order.UNORDERED;
        return c;
    }

    // ------------------------------------------------------------------ queries

    private Frag query() {
        int shape = r.nextInt(100);
        if (shape < 10) {
            return setOperation();
        }
        if (shape < 20) {
            return cteQuery();
        }
        if (shape < 28) {
            return derivedQuery();
        }
        if (shape < 32 && pg) {
            return lateralQuery();
        }
        List<Ref> from = new ArrayList<>();
        Frag fromClause = fromClause(from, true);
        return select(from, fromClause, true);
    }

    /** A FROM clause of one or two base tables; fills {@code scope}. */
    private Frag fromClause(List<Ref> scope, boolean allowJoin) {
        if (!allowJoin || r.nextInt(100) < 55) {
            GTable t = pick(WEIGHTED);
            Ref ref = ref(t, r.nextInt(3) > 0);
            scope.add(ref);
            return new Frag(tableText(ref));
        }
        String[] j = JOINS[r.nextInt(JOINS.length)];
        GTable lt = table(j[0]);
        GTable rt = table(j[1]);
        Ref left = ref(lt, true);
        Ref right = new Ref(rt, lt == rt ? rt.alias() + "2" : (r.nextInt(4) == 0 ? rt.name() : rt.alias()));
        if (right.name().equals(rt.name())) {
            right = new Ref(rt, rt.name());
        }
        scope.add(left);
        scope.add(right);
        String cond = String.format(j[2], left.name(), right.name());
        int kindOfJoin = r.nextInt(100);
        Frag f = new Frag(tableText(left));
        if (kindOfJoin < 45) {
            f.a(" JOIN ").a(tableText(right)).a(" ON ").a(cond);
        } else if (kindOfJoin < 65) {
            f.a(" LEFT JOIN ").a(tableText(right)).a(" ON ").a(cond);
        } else if (kindOfJoin < 75) {
            f.a(" RIGHT JOIN ").a(tableText(right)).a(" ON ").a(cond);
        } else if (kindOfJoin < 85) {
            f.a(" INNER JOIN ").a(tableText(right)).a(" ON ").a(cond).a(" AND ").a(predicate(List.of(left, right), 0));
        } else if (kindOfJoin < 93) {
            f.a(", ").a(tableText(right));
            pendingWhere = new Frag(cond);
        } else {
            f.a(" CROSS JOIN ").a(tableText(right));
        }
        return f;
    }

    /** A join condition that a comma join moved into WHERE. */
    private Frag pendingWhere;

    private String tableText(Ref ref) {
        if (!ref.t().base()) {
            return ref.name();
        }
        if (ref.name().equals(ref.t().name())) {
            return quoteTable(ref.t().name());
        }
        return quoteTable(ref.t().name()) + (r.nextInt(5) == 0 ? " AS " : " ") + ref.name();
    }

    private String quoteTable(String name) {
        int q = r.nextInt(30);
        if (q == 0) {
            return pg ? "\"" + name + "\"" : "`" + name + "`";
        }
        if (q == 1 && pg) {
            return "public." + name;
        }
        return name;
    }

    private Ref ref(GTable t, boolean alias) {
        return new Ref(t, alias ? t.alias() : t.name());
    }

    private Frag select(List<Ref> scope, Frag fromClause, boolean topLevel) {
        int kindOfSelect = r.nextInt(100);
        Frag where = null;
        if (pendingWhere != null || r.nextInt(100) < 60) {
            where = new Frag();
            if (pendingWhere != null) {
                where.a(pendingWhere);
                pendingWhere = null;
                if (r.nextBoolean()) {
                    where.a(" AND ").a(predicate(scope, 0));
                }
            } else {
                where.a(predicate(scope, 0));
            }
        }
        if (kindOfSelect < 20) {
            return aggregateSelect(scope, fromClause, where, topLevel);
        }
        boolean distinct = kindOfSelect < 27;
        boolean window = !distinct && kindOfSelect < 40;
        Frag sel = new Frag("SELECT ");
        if (r.nextInt(25) == 0) {
            sel.a("/* gen */ ");
        }
        if (distinct) {
            sel.a("DISTINCT ");
        }
        List<String> aliases = new ArrayList<>();
        int items;
        if (!distinct && !window && r.nextInt(100) < 12) {
            // SELECT * or t.*
            if (scope.size() == 1 || r.nextBoolean()) {
                sel.a("*");
            } else {
                Ref star = pick(scope);
                sel.a(star.name()).a(".*");
            }
            items = -1;
        } else {
            items = 1 + r.nextInt(4);
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    sel.a(", ");
                }
                sel.a(selectItem(scope, aliases, i));
            }
            if (window) {
                sel.a(", ").a(windowItem(scope, aliases));
                items++;
            }
        }
        Frag f = new Frag().a(sel).a(" FROM ").a(fromClause);
        if (where != null) {
            f.a(" WHERE ").a(where);
        }
        if (topLevel && namedWindow != null) {
            f.a(" WINDOW w AS (").a(namedWindow).a(")");
            namedWindow = null;
        }
        namedWindow = null;
        if (topLevel && r.nextInt(100) < 72) {
            f.a(" ORDER BY ");
            if (distinct) {
                f.a(positions(items));
            } else {
                List<String> keys = new ArrayList<>();
                int extra = r.nextInt(3);
                for (int i = 0; i < extra; i++) {
                    keys.add(orderKey(scope, aliases));
                }
                for (Ref ref : scope) {
                    if (ref.t().hasId()) {
                        keys.add(ref.q("id") + (r.nextInt(6) == 0 ? " DESC" : ""));
                    }
                }
                f.a(String.join(", ", keys));
            }
            ordered = true;
            f.a(limit());
        } else if (topLevel && scope.size() == 1 && !distinct && r.nextInt(12) == 0) {
            f.a(lockClause());
        }
        return f;
    }

    private String namedWindow;

    private Frag aggregateSelect(List<Ref> scope, Frag fromClause, Frag where, boolean topLevel) {
        int nKeys = r.nextInt(3);
        List<String> keyExprs = new ArrayList<>();
        List<Frag> items = new ArrayList<>();
        for (int i = 0; i < nKeys; i++) {
            Ref ref = pick(scope);
            GCol c = pickCol(ref.t(), false);
            String e = colRef(ref, c, scope);
            if (c.type() == T.STR && r.nextInt(4) == 0) {
                e = "LOWER(" + e + ")";
            }
            if (keyExprs.contains(e)) {
                continue;
            }
            keyExprs.add(e);
            items.add(new Frag(e + (r.nextInt(3) > 0 ? " AS k" + keyExprs.size() : "")));
        }
        int nAgg = 1 + r.nextInt(3);
        for (int i = 0; i < nAgg; i++) {
            items.add(aggregate(scope).a(r.nextInt(4) > 0 ? " AS agg" + i : ""));
        }
        Frag f = new Frag("SELECT ");
        for (int i = 0; i < items.size(); i++) {
            f.a(i > 0 ? ", " : "").a(items.get(i));
        }
        f.a(" FROM ").a(fromClause);
        if (where != null) {
            f.a(" WHERE ").a(where);
        }
        if (!keyExprs.isEmpty()) {
            f.a(" GROUP BY ").a(String.join(", ", keyExprs));
            if (r.nextInt(4) == 0) {
                f.a(" HAVING ");
                int h = r.nextInt(3);
                Ref ref = pick(scope);
                if (h == 0) {
                    f.a("COUNT(*) > ").a(Integer.toString(r.nextInt(2)));
                } else if (h == 1) {
                    GCol c = numCol(ref.t());
                    f.a("SUM(" + colRef(ref, c, scope) + ") > ").a(numValue(c, true));
                } else {
                    f.a("MAX(" + colRef(ref, pickCol(ref.t(), false), scope) + ") IS NOT NULL");
                }
            }
            if (topLevel && r.nextInt(100) < 75) {
                f.a(" ORDER BY ").a(positions(keyExprs.size()));
                ordered = true;
                f.a(limit());
            }
        }
        return f;
    }

    private Frag aggregate(List<Ref> scope) {
        Ref ref = pick(scope);
        int a = r.nextInt(8);
        switch (a) {
            case 0: return new Frag("COUNT(*)");
            case 1: return new Frag("COUNT(" + colRef(ref, pickCol(ref.t(), false), scope) + ")");
            case 2: return new Frag("SUM(" + colRef(ref, numCol(ref.t()), scope) + ")");
            case 3: return new Frag("MIN(" + colRef(ref, pickCol(ref.t(), false), scope) + ")");
            case 4: return new Frag("MAX(" + colRef(ref, pickCol(ref.t(), false), scope) + ")");
            case 5: return new Frag("AVG(" + colRef(ref, numCol(ref.t()), scope) + ")");
            case 6: return new Frag("COUNT(DISTINCT " + colRef(ref, pickCol(ref.t(), false), scope) + ")");
            default:
                if (pg && r.nextBoolean()) {
                    return new Frag("COUNT(*) FILTER (WHERE ").a(predicate(List.of(ref), 1)).a(")");
                }
                return new Frag("SUM(CASE WHEN " + colRef(ref, pickCol(ref.t(), false), scope)
                    + " IS NULL THEN 1 ELSE 0 END)");
        }
    }

    private Frag selectItem(List<Ref> scope, List<String> aliases, int i) {
        Frag f = new Frag();
        int k = r.nextInt(100);
        boolean isColumn = k < 55;
        if (isColumn) {
            Ref ref = pick(scope);
            GCol c = preferOld(ref.t());
            f.a(colRef(ref, c, scope));
        } else if (k < 88) {
            f.a(expr(scope, pickType(), 0));
        } else {
            f.a(scalarSubquery(scope));
        }
        int aliasRoll = r.nextInt(100);
        if (aliasRoll < (isColumn ? 20 : 80)) {
            String alias = "c" + i;
            if (r.nextInt(8) == 0) {
                alias = pg ? "\"Col" + i + "\"" : "`Col" + i + "`";
            }
            f.a(r.nextInt(6) == 0 && !alias.startsWith("\"") && !alias.startsWith("`") ? " " : " AS ").a(alias);
            aliases.add(alias);
        }
        return f;
    }

    private Frag windowItem(List<Ref> scope, List<String> aliases) {
        Ref ref = pick(scope);
        String part = r.nextBoolean() ? "PARTITION BY " + colRef(ref, pickCol(ref.t(), false), scope) : "";
        List<String> order = new ArrayList<>();
        order.add(colRef(ref, preferOld(ref.t()), scope));
        for (Ref s : scope) {
            if (s.t().hasId()) {
                order.add(s.q("id"));
            }
        }
        String orderBy = "ORDER BY " + String.join(", ", order);
        String spec = (part.isEmpty() ? "" : part + " ") + orderBy;
        String fn;
        switch (r.nextInt(6)) {
            case 0: fn = "ROW_NUMBER()"; break;
            case 1: fn = "RANK()"; break;
            case 2: fn = "DENSE_RANK()"; break;
            case 3: fn = "LAG(" + colRef(ref, preferOld(ref.t()), scope) + ")"; break;
            case 4: fn = "SUM(" + colRef(ref, numCol(ref.t()), scope) + ")"; break;
            default: fn = "MAX(" + colRef(ref, preferOld(ref.t()), scope) + ")"; break;
        }
        String over;
        if (r.nextInt(4) == 0) {
            namedWindow = spec;
            over = " OVER w";
        } else {
            over = " OVER (" + spec + ")";
        }
        aliases.add("w1");
        return new Frag(fn + over + " AS w1");
    }

    private String orderKey(List<Ref> scope, List<String> aliases) {
        int k = r.nextInt(4);
        if (k == 0 && !aliases.isEmpty()) {
            return pick(aliases) + (r.nextBoolean() ? " DESC" : "");
        }
        Ref ref = pick(scope);
        String e = colRef(ref, preferOld(ref.t()), scope);
        if (k == 1) {
            return e + " DESC";
        }
        if (k == 2 && pg) {
            return e + (r.nextBoolean() ? " NULLS FIRST" : " DESC NULLS LAST");
        }
        return e;
    }

    private String positions(int n) {
        List<String> p = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            p.add(Integer.toString(i));
        }
        return p.isEmpty() ? "1" : String.join(", ", p);
    }

    private String limit() {
        int k = r.nextInt(100);
        if (k < 65) {
            return "";
        }
        int n = 1 + r.nextInt(4);
        int off = r.nextInt(3);
        if (k < 80) {
            return " LIMIT " + n;
        }
        if (pg && k < 90) {
            return " OFFSET " + off + " ROWS FETCH FIRST " + n + " ROWS ONLY";
        }
        if (!pg && k < 90) {
            return " LIMIT " + off + ", " + n;
        }
        return " LIMIT " + n + " OFFSET " + off;
    }

    private String lockClause() {
        if (pg) {
            return pick(List.of(" FOR UPDATE", " FOR SHARE", " FOR NO KEY UPDATE"));
        }
        return pick(List.of(" FOR UPDATE", " LOCK IN SHARE MODE"));
    }

    private Frag setOperation() {
        // Two branches of (string, number) from different tables.
        Frag a = branch();
        Frag b = branch();
        String op = pick(List.of("UNION", "UNION ALL", "UNION", "UNION ALL", "INTERSECT", "EXCEPT"));
        Frag f = new Frag().a(a).a(" " + op + " ").a(b);
        if (r.nextInt(100) < 70) {
            f.a(" ORDER BY 1, 2");
            ordered = true;
            f.a(limit());
        }
        return f;
    }

    private Frag branch() {
        GTable t = pick(WEIGHTED);
        Ref ref = ref(t, r.nextBoolean());
        List<Ref> scope = List.of(ref);
        GCol s = strCol(t);
        GCol n = numCol(t);
        Frag f = new Frag("SELECT ").a(colRef(ref, s, scope)).a(r.nextInt(3) == 0 ? " AS s" : "").a(", ")
            .a(colRef(ref, n, scope)).a(" FROM ").a(tableText(ref));
        if (r.nextBoolean()) {
            f.a(" WHERE ").a(predicate(scope, 0));
        }
        return f;
    }

    private Frag cteQuery() {
        GTable t = pick(WEIGHTED);
        boolean shadow = r.nextInt(6) == 0;
        Ref inner = ref(t, !shadow && r.nextBoolean());
        List<Ref> innerScope = List.of(inner);
        List<GCol> cols = new ArrayList<>();
        cols.add(t.col("id"));
        for (GCol c : t.cols()) {
            if (!c.name().equals("id") && (c.old() || r.nextBoolean())) {
                cols.add(c);
            }
        }
        String cteName = shadow ? t.name() : "x" + r.nextInt(3);
        Frag body = new Frag("SELECT ");
        boolean star = r.nextInt(8) == 0;
        if (star) {
            body.a("*");
            cols = new ArrayList<>(t.cols());
        } else {
            List<String> names = new ArrayList<>();
            for (GCol c : cols) {
                names.add(colRef(inner, c, innerScope));
            }
            body.a(String.join(", ", names));
        }
        body.a(" FROM ").a(shadow ? t.name() : tableText(inner));
        if (r.nextBoolean()) {
            body.a(" WHERE ").a(predicate(innerScope, 0));
        }
        GTable cte = new GTable(cteName, cteName, cols, false);
        Frag f = new Frag("WITH ").a(cteName).a(" AS (").a(body).a(") ");
        List<Ref> scope = new ArrayList<>();
        scope.add(new Ref(cte, cteName));
        Frag from = new Frag(cteName);
        if (!shadow && r.nextInt(3) == 0) {
            GTable other = t == USERS ? ORDERS : USERS;
            Ref o = ref(other, true);
            scope.add(o);
            String cond = other == ORDERS ? o.q("user_id") + " = " + cteName + ".id" : o.q("id") + " = " + cteName + ".id";
            if (t == ORDERS) {
                cond = o.q("id") + " = " + cteName + ".id";
            }
            from.a(" JOIN ").a(tableText(o)).a(" ON ").a(cond);
        }
        return f.a(select(scope, from, true));
    }

    private Frag derivedQuery() {
        GTable t = pick(WEIGHTED);
        Ref inner = ref(t, r.nextBoolean());
        List<Ref> innerScope = List.of(inner);
        List<GCol> cols = new ArrayList<>();
        List<String> items = new ArrayList<>();
        cols.add(t.col("id"));
        items.add(colRef(inner, t.col("id"), innerScope));
        for (GCol c : t.cols()) {
            if (c.name().equals("id") || !(c.old() || r.nextBoolean())) {
                continue;
            }
            if (r.nextInt(4) == 0) {
                String alias = c.name() + "_x";
                items.add(colRef(inner, c, innerScope) + " AS " + alias);
                cols.add(new GCol(alias, c.type(), c.dom(), false));
            } else {
                items.add(colRef(inner, c, innerScope));
                cols.add(c);
            }
        }
        Frag body = new Frag("SELECT ").a(String.join(", ", items)).a(" FROM ").a(tableText(inner));
        if (r.nextBoolean()) {
            body.a(" WHERE ").a(predicate(innerScope, 0));
        }
        String name = "d" + r.nextInt(3);
        GTable derived = new GTable(name, name, cols, false);
        List<Ref> scope = new ArrayList<>();
        scope.add(new Ref(derived, name));
        Frag from = new Frag("(").a(body).a(") ").a(r.nextInt(4) == 0 ? "AS " : "").a(name);
        return select(scope, from, true);
    }

    private Frag lateralQuery() {
        Ref u = ref(USERS, true);
        Ref o = new Ref(ORDERS, "o");
        List<Ref> inner = List.of(o);
        GCol c = r.nextBoolean() ? ORDERS.col("price") : ORDERS.col("note");
        Frag body = new Frag("SELECT ").a(colRef(o, c, inner)).a(" AS v FROM orders o WHERE o.user_id = u.id");
        if (r.nextBoolean()) {
            body.a(" AND ").a(predicate(inner, 1));
        }
        body.a(" ORDER BY o." + c.name() + " DESC, o.id LIMIT 1");
        Frag f = new Frag("SELECT u.id, ").a(colRef(u, preferOld(USERS), List.of(u))).a(", l.v FROM users u ");
        f.a(r.nextBoolean() ? "CROSS JOIN LATERAL (" : "LEFT JOIN LATERAL (").a(body).a(") l");
        if (f.sql.indexOf("LEFT JOIN LATERAL") >= 0) {
            f.a(" ON true");
        }
        if (r.nextBoolean()) {
            f.a(" WHERE ").a(predicate(List.of(u), 1));
        }
        f.a(" ORDER BY u.id");
        ordered = true;
        return f;
    }

    private Frag scalarSubquery(List<Ref> scope) {
        Ref outer = pick(scope);
        Frag f = new Frag("(SELECT ");
        if (outer.t() == USERS || outer.t().col("user_id") != null) {
            String key = outer.t() == USERS ? outer.q("id") : outer.q("user_id");
            if (outer.t().col(outer.t() == USERS ? "id" : "user_id") == null) {
                return new Frag("(SELECT MAX(price) FROM orders)");
            }
            if (r.nextBoolean()) {
                f.a(pick(List.of("MAX(o9.price)", "SUM(o9.price)", "COUNT(*)", "MIN(o9.note)")))
                    .a(" FROM orders o9 WHERE o9.user_id = ").a(key);
            } else {
                f.a("u9.email FROM users u9 WHERE u9.id = ").a(key);
            }
        } else if (outer.t() == CONTACTS && outer.t().col("person_id") != null) {
            f.a("p9.full_name FROM people p9 WHERE p9.id = ").a(outer.q("person_id"));
        } else if (outer.t() == PEOPLE) {
            f.a("MAX(c9.given_name) FROM contacts c9 WHERE c9.person_id = ").a(outer.q("id"));
        } else {
            f.a(pick(List.of("MAX(price) FROM orders", "MIN(email) FROM users", "COUNT(*) FROM people",
                "MAX(family_name) FROM contacts")));
        }
        return f.a(")");
    }

    // ------------------------------------------------------------------ expressions and predicates

    private T pickType() {
        return pick(List.of(T.STR, T.STR, T.DEC, T.INT));
    }

    /** An expression of (roughly) type {@code t} over the scope. */
    private Frag expr(List<Ref> scope, T t, int depth) {
        Ref ref = pick(scope);
        GCol col = colOfType(ref.t(), t);
        if (col == null) {
            col = preferOld(ref.t());
            t = col.type() == T.ID ? T.INT : col.type();
        }
        String c = colRef(ref, col, scope);
        int k = r.nextInt(depth > 0 ? 5 : 10);
        switch (t) {
            case STR:
                switch (k) {
                    case 0: return new Frag("UPPER(" + c + ")");
                    case 1: return new Frag("LOWER(" + c + ")");
                    case 2: return new Frag("COALESCE(" + c + ", ").a(strValue(col, true)).a(")");
                    case 3: return new Frag("LENGTH(" + c + ")");
                    case 4: return pg && r.nextBoolean() ? new Frag(c + " || '!'") : new Frag("CONCAT(" + c + ", '!')");
                    case 5: return new Frag("SUBSTRING(" + c + ", 1, 3)");
                    case 6: return new Frag("CASE WHEN ").a(predicate(scope, 2)).a(" THEN " + c + " ELSE 'other' END");
                    case 7: return new Frag("TRIM(" + c + ")");
                    case 8: return new Frag("REPLACE(" + c + ", 'a', 'A')");
                    default: return pg ? new Frag(c + "::text") : new Frag("CAST(" + c + " AS CHAR)");
                }
            case DATE:
            case TS:
                return new Frag(c);
            default:
                switch (k) {
                    case 0: return new Frag(c + " + 1");
                    case 1: return new Frag(c + " * 2");
                    case 2: return new Frag("COALESCE(" + c + ", 0)");
                    case 3: return new Frag("ABS(" + c + ")");
                    case 4: return new Frag(c + " - ").a(numValue(col, true));
                    case 5: return new Frag("ROUND(" + c + ", 1)");
                    case 6: return new Frag("CASE WHEN " + c + " > 10 THEN 'big' ELSE 'small' END");
                    case 7: {
                        Ref ref2 = pick(scope);
                        GCol c2 = numCol(ref2.t());
                        return new Frag(c + " * " + colRef(ref2, c2, scope));
                    }
                    case 8: return pg ? new Frag(c + "::text") : new Frag("CAST(" + c + " AS CHAR)");
                    default: return new Frag("-" + c);
                }
        }
    }

    /** A boolean condition over the scope. */
    private Frag predicate(List<Ref> scope, int depth) {
        int k = r.nextInt(depth > 1 ? 10 : 16);
        if (k >= 13 && depth < 2) {
            String op = k == 15 ? " OR " : " AND ";
            Frag f = new Frag(r.nextInt(5) == 0 ? "NOT (" : "(").a(predicate(scope, depth + 1)).a(op)
                .a(predicate(scope, depth + 1)).a(")");
            return f;
        }
        if (k >= 10 && depth < 2) {
            return subqueryPredicate(scope);
        }
        Ref ref = pick(scope);
        GCol col = r.nextInt(3) > 0 ? preferOld(ref.t()) : pickCol(ref.t(), true);
        String c = colRef(ref, col, scope);
        Frag f = new Frag();
        int choice = r.nextInt(8);
        if (choice == 1 && col.type() != T.STR) {
            choice = 2;
        } else if (choice == 3 && col.type() == T.STR) {
            choice = 4;
        }
        switch (choice) {
            case 0:
                return f.a(c + (r.nextBoolean() ? " IS NULL" : " IS NOT NULL"));
            case 1:
                return f.a(c + (r.nextInt(5) == 0 ? " NOT LIKE " : " LIKE ")).a(likePattern(col));
            case 2:
                f.a(c + " IN (").a(value(col, true)).a(", ").a(value(col, true));
                return f.a(")");
            case 3:
                return f.a(c + " BETWEEN ").a(value(col, false)).a(" AND ").a(value(col, false));
            case 4: {
                // column against a column of the same type class
                Ref ref2 = pick(scope);
                GCol c2 = colOfType(ref2.t(), col.type() == T.ID ? T.INT : col.type());
                if (c2 != null && !(ref2 == ref && c2 == col)) {
                    return f.a(c + " " + pick(List.of("=", "<>", "<", ">=")) + " " + colRef(ref2, c2, scope));
                }
                return f.a(c + " = ").a(value(col, true));
            }
            default:
                return f.a(c + " " + pick(List.of("=", "=", "<>", "<", ">", "<=", ">=")) + " ").a(value(col, true));
        }
    }

    private Frag subqueryPredicate(List<Ref> scope) {
        Ref ref = pick(scope);
        GTable t = ref.t();
        Frag f = new Frag();
        int k = r.nextInt(4);
        if (t.col("user_id") != null && k < 2) {
            Ref u = new Ref(USERS, "u8");
            f.a(ref.q("user_id") + (k == 0 ? " IN " : " NOT IN ") + "(SELECT u8.id FROM users u8 WHERE ")
                .a(predicate(List.of(u), 2)).a(")");
            return f;
        }
        if ((t == USERS) && k < 3) {
            Ref o = new Ref(ORDERS, "o8");
            f.a(r.nextBoolean() ? "EXISTS " : "NOT EXISTS ").a("(SELECT 1 FROM orders o8 WHERE o8.user_id = "
                + ref.q("id") + " AND ").a(predicate(List.of(o), 2)).a(")");
            return f;
        }
        if (t == PEOPLE && k < 3) {
            Ref c = new Ref(CONTACTS, "c8");
            f.a("EXISTS (SELECT 1 FROM contacts c8 WHERE c8.person_id = " + ref.q("id") + " AND ")
                .a(predicate(List.of(c), 2)).a(")");
            return f;
        }
        if (t == CONTACTS && k < 3 && t.col("person_id") != null) {
            Ref p = new Ref(PEOPLE, "p8");
            f.a(ref.q("person_id") + " IN (SELECT p8.id FROM people p8 WHERE ").a(predicate(List.of(p), 2)).a(")");
            return f;
        }
        GCol col = preferOld(t);
        if (col.type() == T.DEC || col.type() == T.INT) {
            return f.a(colRef(ref, col, scope) + " > (SELECT AVG(o8.price) FROM orders o8)");
        }
        if (col.name().equals("email") || col.name().equals("full_name") || col.name().equals("given_name")) {
            String sub = col.name().equals("email") ? "SELECT LOWER(u8.email) FROM users u8 WHERE u8.score > 10"
                : col.name().equals("full_name") ? "SELECT CONCAT(c8.given_name, ' ', c8.family_name) FROM contacts c8"
                : "SELECT c8.given_name FROM contacts c8 WHERE c8.city IS NOT NULL";
            return f.a(colRef(ref, col, scope) + " IN (" + sub + ")");
        }
        return f.a(colRef(ref, col, scope) + " IS NOT NULL");
    }

    private Frag likePattern(GCol col) {
        String[] patterns;
        switch (col.name()) {
            case "email": patterns = new String[] {"%x.io", "%y.org", "a%", "%e%", "_o%"}; break;
            case "full_name": patterns = new String[] {"A%", "% T%", "%a%", "alan%"}; break;
            case "given_name": case "family_name": patterns = new String[] {"A%", "%o%", "G%", "_e%"}; break;
            default: patterns = new String[] {"%a%", "n%", "%e", "l%"};
        }
        String p = pick(Arrays.asList(patterns));
        if (r.nextInt(3) == 0) {
            return new Frag().p(OracleCase.str(p));
        }
        return new Frag(lit(p));
    }

    /** A value for comparisons or writes of {@code col}: a literal or a parameter. */
    private Frag value(GCol col, boolean allowParam) {
        switch (col.type()) {
            case STR: return strValue(col, allowParam);
            case DATE: return dateValue(allowParam);
            case TS: return tsValue(allowParam);
            default: return numValue(col, allowParam);
        }
    }

    private Frag strValue(GCol col, boolean allowParam) {
        String v;
        switch (col.dom()) {
            case EMAIL: v = r.nextInt(3) == 0 ? pick(Arrays.asList(EXISTING_EMAILS)) : "g" + (++emailCounter) + "@gen.io";
                break;
            case TWO_WORDS: v = pick(Arrays.asList(TWO_WORDS)); break;
            case ONE_WORD: v = pick(Arrays.asList(ONE_WORD)); break;
            default:
                switch (col.name()) {
                    case "name": v = pick(Arrays.asList(NAMES)); break;
                    case "status": v = pick(Arrays.asList(STATUS)); break;
                    case "city": v = pick(Arrays.asList(CITIES)); break;
                    default: v = pick(Arrays.asList(NOTES));
                }
        }
        if (allowParam && r.nextInt(100) < 40) {
            int b = r.nextInt(100);
            if (b < 70) {
                return new Frag().p(OracleCase.str(v));
            }
            if (b < 85) {
                return new Frag().p(OracleCase.obj(v));
            }
            if (b < 95) {
                return new Frag().p(OracleCase.obj(v, Types.VARCHAR));
            }
            return new Frag().p(OracleCase.obj(v, Types.NVARCHAR));
        }
        return new Frag(lit(v));
    }

    private Frag numValue(GCol col, boolean allowParam) {
        boolean dec = col.type() == T.DEC;
        String v = dec ? pick(Arrays.asList(DECIMALS)) : Integer.toString(r.nextInt(12));
        if (col.type() == T.ID || col.name().endsWith("_id")) {
            v = Integer.toString(1 + r.nextInt(9));
        }
        if (allowParam && r.nextInt(100) < 40) {
            int b = r.nextInt(100);
            if (dec) {
                if (b < 45) {
                    return new Frag().p(new Param(OracleCase.Bind.BIG_DECIMAL, new BigDecimal(v), Types.DECIMAL));
                }
                if (b < 60) {
                    return new Frag().p(OracleCase.obj(new BigDecimal(v)));
                }
                if (b < 72) {
                    return new Frag().p(new Param(OracleCase.Bind.DOUBLE, Double.valueOf(v), Types.DOUBLE));
                }
                if (b < 82) {
                    return new Frag().p(OracleCase.obj(v, Types.NUMERIC));
                }
                if (b < 92) {
                    return new Frag().p(new Param(OracleCase.Bind.INT, (int) Double.parseDouble(v), Types.INTEGER));
                }
                return new Frag().p(OracleCase.str(v));
            }
            int iv = Integer.parseInt(v);
            if (b < 45) {
                return new Frag().p(new Param(OracleCase.Bind.INT, iv, Types.INTEGER));
            }
            if (b < 65) {
                return new Frag().p(new Param(OracleCase.Bind.LONG, (long) iv, Types.BIGINT));
            }
            if (b < 78) {
                return new Frag().p(OracleCase.obj(iv));
            }
            if (b < 86) {
                return new Frag().p(OracleCase.obj((long) iv, Types.BIGINT));
            }
            if (b < 94) {
                return new Frag().p(new Param(OracleCase.Bind.BIG_DECIMAL, new BigDecimal(iv), Types.DECIMAL));
            }
            return new Frag().p(new Param(OracleCase.Bind.SHORT, (short) iv, Types.SMALLINT));
        }
        return new Frag(v);
    }

    private Frag dateValue(boolean allowParam) {
        String v = pick(Arrays.asList(DATES));
        if (allowParam && r.nextInt(100) < 40) {
            int b = r.nextInt(3);
            if (b == 0) {
                return new Frag().p(new Param(OracleCase.Bind.DATE, Date.valueOf(v), Types.DATE));
            }
            if (b == 1) {
                return new Frag().p(OracleCase.obj(LocalDate.parse(v)));
            }
            return new Frag().p(new Param(OracleCase.Bind.TIMESTAMP, Timestamp.valueOf(v + " 00:00:00"),
                Types.TIMESTAMP));
        }
        return new Frag(r.nextBoolean() ? "DATE '" + v + "'" : "'" + v + "'");
    }

    private Frag tsValue(boolean allowParam) {
        String v = pick(Arrays.asList(TIMESTAMPS));
        if (allowParam && r.nextInt(100) < 40) {
            return new Frag().p(new Param(OracleCase.Bind.TIMESTAMP, Timestamp.valueOf(v), Types.TIMESTAMP));
        }
        return new Frag("TIMESTAMP '" + v + "'");
    }

    private static String lit(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    private String colRef(Ref ref, GCol c, List<Ref> scope) {
        boolean unique = true;
        for (Ref other : scope) {
            if (other != ref && other.t().col(c.name()) != null) {
                unique = false;
            }
        }
        String name = c.name();
        if (!pg && r.nextInt(40) == 0) {
            name = "`" + name + "`";
        } else if (r.nextInt(40) == 0) {
            name = name.toUpperCase(java.util.Locale.ROOT);
        }
        if (unique && r.nextInt(3) == 0) {
            return name;
        }
        return ref.name() + "." + name;
    }

    private GCol preferOld(GTable t) {
        List<GCol> olds = new ArrayList<>();
        for (GCol c : t.cols()) {
            if (c.old()) {
                olds.add(c);
            }
        }
        if (!olds.isEmpty() && r.nextInt(100) < 60) {
            return pick(olds);
        }
        return pickCol(t, true);
    }

    private GCol pickCol(GTable t, boolean includeId) {
        List<GCol> cs = new ArrayList<>();
        for (GCol c : t.cols()) {
            if (includeId || c.type() != T.ID) {
                cs.add(c);
            }
        }
        return cs.isEmpty() ? t.cols().get(0) : pick(cs);
    }

    private GCol colOfType(GTable t, T type) {
        List<GCol> cs = new ArrayList<>();
        for (GCol c : t.cols()) {
            T ct = c.type() == T.ID ? T.INT : c.type();
            T want = type == T.ID ? T.INT : type;
            if (ct == want || (want == T.DEC && ct == T.INT) || (want == T.INT && ct == T.DEC)) {
                cs.add(c);
            }
        }
        if (cs.isEmpty()) {
            return null;
        }
        for (GCol c : cs) {
            if (c.old() && r.nextBoolean()) {
                return c;
            }
        }
        return pick(cs);
    }

    private GCol numCol(GTable t) {
        GCol c = colOfType(t, T.DEC);
        return c == null ? t.cols().get(0) : c;
    }

    private GCol strCol(GTable t) {
        GCol c = colOfType(t, T.STR);
        return c == null ? t.cols().get(0) : c;
    }

    private static GTable table(String name) {
        for (GTable t : TABLES) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private <X> X pick(List<X> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    // ------------------------------------------------------------------ writes

    private Frag insert(GTable t, boolean omitId) {
        List<GCol> cols = new ArrayList<>();
        for (GCol c : t.cols()) {
            if (c.name().equals("id")) {
                if (!omitId) {
                    cols.add(c);
                }
            } else if (c.name().equals("name") || c.old() || r.nextInt(100) < 55) {
                if (c.old() && r.nextInt(100) < 8) {
                    continue;
                }
                cols.add(c);
            }
        }
        // The merge needs both of its old columns or neither, except rarely: a documented refusal once the new
        // side is written (the left-out half would store NULL, and the named half could not be read back).
        if (t == CONTACTS) {
            boolean g = cols.contains(CONTACTS.col("given_name"));
            boolean fam = cols.contains(CONTACTS.col("family_name"));
            if (g != fam) {
                if (r.nextInt(20) > 0) {
                    cols.remove(CONTACTS.col("given_name"));
                    cols.remove(CONTACTS.col("family_name"));
                }
            }
        }
        if (r.nextInt(4) == 0) {
            java.util.Collections.shuffle(cols, r);
        }
        if (cols.isEmpty()) {
            cols.add(t.col("id"));
        }
        List<String> names = new ArrayList<>();
        for (GCol c : cols) {
            names.add(c.name());
        }
        Frag f = new Frag("INSERT INTO ").a(quoteTable(t.name()));
        boolean noList = !omitId && cols.size() == t.cols().size() && r.nextInt(3) == 0
            && names.equals(colNames(t));
        if (!noList) {
            f.a(" (").a(String.join(", ", names)).a(")");
        }
        if (r.nextInt(100) < 22) {
            return f.a(" ").a(insertSelect(t, cols));
        }
        f.a(" VALUES ");
        int rows = r.nextInt(100) < 75 ? 1 : 2 + r.nextInt(2);
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                f.a(", ");
            }
            f.a("(");
            boolean bothNullMerge = r.nextInt(8) == 0;
            for (int j = 0; j < cols.size(); j++) {
                if (j > 0) {
                    f.a(", ");
                }
                f.a(writeValue(cols.get(j), 100 + i + 10 * r.nextInt(3), bothNullMerge, false));
            }
            f.a(")");
        }
        if (pg && r.nextInt(100) < 18) {
            f.a(returning(new Ref(t, t.name()), List.of(new Ref(t, t.name()))));
        }
        return f;
    }

    private static List<String> colNames(GTable t) {
        List<String> out = new ArrayList<>();
        for (GCol c : t.cols()) {
            out.add(c.name());
        }
        return out;
    }

    /** A value to write into {@code col}; {@code id} for key columns. */
    private Frag writeValue(GCol col, int id, boolean bothNullMerge, boolean update) {
        if (col.type() == T.ID) {
            if (r.nextInt(25) == 0) {
                return new Frag(Integer.toString(1 + r.nextInt(8)));
            }
            return r.nextInt(3) == 0 ? new Frag().p(new Param(OracleCase.Bind.INT, id, Types.INTEGER))
                : new Frag(Integer.toString(id));
        }
        if (col.dom() == Dom.ONE_WORD && bothNullMerge) {
            return r.nextBoolean() ? new Frag("NULL") : new Frag().p(OracleCase.nul(Types.VARCHAR));
        }
        int k = r.nextInt(100);
        if (k < 4 && !col.old() && (col.name().equals("qty") || col.name().equals("status"))) {
            return new Frag("DEFAULT");
        }
        if (k < 2 && col.old() && col.dom() != Dom.ONE_WORD) {
            // (a merge column's DEFAULT is NULL next to a non-NULL partner: not invertible, so not generated)
            return new Frag("DEFAULT");
        }
        if (col.dom() == Dom.EMAIL && r.nextInt(10) > 0 && k >= 14) {
            String v = "g" + (++emailCounter) + "@gen.io";
            return r.nextInt(3) == 0 ? new Frag().p(OracleCase.str(v)) : new Frag(lit(v));
        }
        boolean nullable = col.dom() == Dom.ANY || col.dom() == Dom.EMAIL || col.dom() == Dom.TWO_WORDS;
        if (nullable && k < 14) {
            if (r.nextBoolean()) {
                return new Frag("NULL");
            }
            int t = col.type() == T.DEC ? Types.NUMERIC : col.type() == T.INT ? Types.INTEGER
                : col.type() == T.DATE ? Types.DATE : col.type() == T.TS ? Types.TIMESTAMP : Types.VARCHAR;
            return new Frag().p(OracleCase.nul(r.nextInt(10) == 0 ? Types.VARCHAR : t));
        }
        return value(col, true);
    }

    private Frag insertSelect(GTable t, List<GCol> cols) {
        Ref src = new Ref(t, r.nextBoolean() ? t.alias() : t.name());
        List<Ref> scope = List.of(src);
        List<String> items = new ArrayList<>();
        for (GCol c : cols) {
            String e;
            switch (c.name()) {
                case "id": e = colRef(src, c, scope) + " + 100"; break;
                case "email": e = r.nextBoolean() ? "CONCAT('c', " + colRef(src, c, scope) + ")"
                    : (pg ? "'c' || " + colRef(src, c, scope) : "CONCAT('copy.', " + colRef(src, c, scope) + ")");
                    break;
                case "price": e = pick(List.of(colRef(src, c, scope), colRef(src, c, scope) + " * 2",
                    "COALESCE(" + colRef(src, c, scope) + ", 0) + 1")); break;
                case "full_name": e = pick(List.of(colRef(src, c, scope), "UPPER(" + colRef(src, c, scope) + ")"));
                    break;
                case "given_name": case "family_name": e = pick(List.of(colRef(src, c, scope),
                    "LOWER(" + colRef(src, c, scope) + ")")); break;
                default: e = colRef(src, c, scope);
            }
            if (r.nextInt(5) == 0) {
                e = e + " AS " + c.name();
            }
            items.add(e);
        }
        Frag f = new Frag("SELECT ").a(String.join(", ", items)).a(" FROM ").a(tableText(src));
        if (r.nextInt(100) < 60) {
            f.a(" WHERE ").a(predicate(scope, 0));
        }
        if (r.nextInt(4) == 0 && t.hasId()) {
            f.a(" ORDER BY " + src.q("id"));
        }
        return f;
    }

    private Frag upsert() {
        GTable t = pick(List.of(USERS, USERS, ORDERS, ORDERS, PEOPLE, CONTACTS, AUDIT));
        List<GCol> cols = new ArrayList<>();
        for (GCol c : t.cols()) {
            if (c.name().equals("id") || c.name().equals("name") || c.old() || r.nextBoolean()) {
                cols.add(c);
            }
        }
        List<String> names = new ArrayList<>();
        for (GCol c : cols) {
            names.add(c.name());
        }
        Frag f = new Frag("INSERT INTO ").a(t.name()).a(" (").a(String.join(", ", names)).a(") VALUES (");
        // Existing keys mostly, to exercise the update branch; contacts row 3 (both names NULL) is avoided.
        int id = pick(t == CONTACTS ? List.of(1, 2, 4, 5, 6, 7, 100) : List.of(1, 2, 3, 4, 5, 100));
        boolean bothNull = false;
        for (int j = 0; j < cols.size(); j++) {
            if (j > 0) {
                f.a(", ");
            }
            GCol c = cols.get(j);
            f.a(c.name().equals("id") ? new Frag(Integer.toString(id)) : writeValue(c, id, bothNull, false));
        }
        f.a(")");
        List<GCol> settable = new ArrayList<>();
        for (GCol c : cols) {
            if (!c.name().equals("id")) {
                settable.add(c);
            }
        }
        if (pg) {
            String target = r.nextInt(8) == 0 && t == USERS ? "(email)" : "(id)";
            f.a(" ON CONFLICT " + target);
            if (r.nextInt(4) == 0 || settable.isEmpty()) {
                f.a(" DO NOTHING");
            } else {
                f.a(" DO UPDATE SET ");
                List<String> sets = new ArrayList<>();
                for (GCol c : pickSome(settable)) {
                    sets.add(c.name() + " = " + upsertRhs(t, c));
                }
                f.a(String.join(", ", sets));
                if (r.nextInt(4) == 0) {
                    f.a(" WHERE ").a(predicate(List.of(new Ref(t, t.name())), 1));
                }
            }
            if (r.nextInt(5) == 0) {
                f.a(returning(new Ref(t, t.name()), List.of(new Ref(t, t.name()))));
            }
        } else {
            f.a(" ON DUPLICATE KEY UPDATE ");
            List<String> sets = new ArrayList<>();
            List<GCol> chosen = settable.isEmpty() ? List.of(t.col("id")) : pickSome(settable);
            for (GCol c : chosen) {
                sets.add(c.name() + " = " + upsertRhs(t, c));
            }
            f.a(String.join(", ", sets));
        }
        return f;
    }

    private List<GCol> pickSome(List<GCol> cs) {
        List<GCol> out = new ArrayList<>();
        for (GCol c : cs) {
            if (r.nextInt(100) < 55) {
                out.add(c);
            }
        }
        if (out.isEmpty()) {
            out.add(pick(cs));
        }
        // Merge columns: set both or neither, so a single constant never meets the other's NULL.
        return out;
    }

    private String upsertRhs(GTable t, GCol c) {
        String excluded = pg ? "EXCLUDED." + c.name() : "VALUES(" + c.name() + ")";
        String own = pg ? t.name() + "." + c.name() : c.name();
        int k = r.nextInt(6);
        switch (c.type()) {
            case DEC:
            case INT:
                if (k == 0) {
                    return own + " + " + excluded;
                }
                if (k == 1) {
                    return "COALESCE(" + own + ", 0) + 1";
                }
                return excluded;
            case STR:
                if (k == 0 && c.dom() == Dom.ANY) {
                    return "CONCAT('u:', " + excluded + ")";
                }
                if (k == 1 && c.dom() != Dom.NOT_NULL) {
                    return "UPPER(" + own + ")";
                }
                return excluded;
            default:
                return excluded;
        }
    }

    private Frag update() {
        GTable t = pick(List.of(USERS, USERS, ORDERS, ORDERS, ORDERS, PEOPLE, PEOPLE, CONTACTS, CONTACTS, AUDIT));
        boolean alias = r.nextBoolean();
        Ref target = ref(t, alias);
        List<Ref> scope = new ArrayList<>();
        scope.add(target);
        int form = r.nextInt(100);
        Frag f = new Frag("UPDATE ").a(tableText(target));
        Ref joined = null;
        String joinCond = null;
        if (!pg && form < 10 && (t == ORDERS || t == CONTACTS)) {
            joined = t == ORDERS ? new Ref(USERS, "u") : new Ref(PEOPLE, "p");
            joinCond = t == ORDERS ? "u.id = " + target.q("user_id") : "p.id = " + target.q("person_id");
            f.a(" JOIN ").a(joined.t().name()).a(" ").a(joined.name()).a(" ON ").a(joinCond);
            scope.add(joined);
        }
        f.a(" SET ");
        List<GCol> assignable = new ArrayList<>();
        for (GCol c : t.cols()) {
            if (!c.name().equals("id")) {
                assignable.add(c);
            }
        }
        int n = 1 + r.nextInt(Math.min(3, assignable.size()));
        List<GCol> assigned = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GCol c = i == 0 ? preferOld(t) : pick(assignable);
            if (c.name().equals("id")) {
                c = assignable.get(0);
            }
            if (!assigned.contains(c)) {
                assigned.add(c);
            }
        }
        boolean constantMerge = false;
        boolean mergeBothNull = t == CONTACTS && r.nextInt(10) == 0;
        if (mergeBothNull) {
            assigned.remove(CONTACTS.col("given_name"));
            assigned.remove(CONTACTS.col("family_name"));
            assigned.add(0, CONTACTS.col("family_name"));
            assigned.add(0, CONTACTS.col("given_name"));
        }
        boolean rowValue = pg && assigned.size() > 1 && r.nextInt(8) == 0;
        List<Frag> rhs = new ArrayList<>();
        for (GCol c : assigned) {
            Frag v;
            if (mergeBothNull && c.dom() == Dom.ONE_WORD) {
                v = new Frag("NULL");
            } else {
                v = assignment(target, c, scope);
                if (c.dom() == Dom.ONE_WORD && (v.sql.indexOf("'") >= 0 || v.sql.indexOf("?") >= 0)) {
                    constantMerge = true;
                }
            }
            rhs.add(v);
        }
        if (joined != null && r.nextBoolean()) {
            // an assignment from the joined table
            GCol c = t == ORDERS ? ORDERS.col("note") : CONTACTS.col("city");
            if (!assigned.contains(c)) {
                assigned.add(c);
                rhs.add(new Frag(t == ORDERS ? "u.email" : "p.full_name"));
            }
        }
        if (rowValue) {
            List<String> names = new ArrayList<>();
            for (GCol c : assigned) {
                names.add(c.name());
            }
            f.a("(").a(String.join(", ", names)).a(") = (");
            for (int i = 0; i < rhs.size(); i++) {
                f.a(i > 0 ? ", " : "").a(rhs.get(i));
            }
            f.a(")");
        } else {
            for (int i = 0; i < assigned.size(); i++) {
                String lhs = joined != null || r.nextInt(4) == 0 && alias ? target.q(assigned.get(i).name())
                    : assigned.get(i).name();
                if (pg && lhs.contains(".")) {
                    lhs = assigned.get(i).name();
                }
                f.a(i > 0 ? ", " : "").a(lhs).a(" = ").a(rhs.get(i));
            }
        }
        Ref from = null;
        if (pg && form < 14 && (t == ORDERS || t == CONTACTS)) {
            from = t == ORDERS ? new Ref(USERS, "u") : new Ref(PEOPLE, "p");
            f.a(" FROM ").a(from.t().name()).a(" ").a(from.name());
            scope.add(from);
        }
        List<Frag> conds = new ArrayList<>();
        if (from != null) {
            conds.add(new Frag(t == ORDERS ? "u.id = " + target.q("user_id") : "p.id = " + target.q("person_id")));
        }
        if (r.nextInt(100) < 85 || from != null) {
            conds.add(r.nextInt(3) == 0 ? new Frag(target.q("id") + " = ").a(numValue(t.col("id"), true))
                : predicate(scope, 0));
        }
        if (constantMerge && !mergeBothNull) {
            boolean g = assigned.contains(CONTACTS.col("given_name"));
            boolean fam = assigned.contains(CONTACTS.col("family_name"));
            if (!(g && fam && !rhsMayBeNull(rhs, assigned))) {
                conds.add(new Frag(target.q("given_name") + " IS NOT NULL AND " + target.q("family_name")
                    + " IS NOT NULL"));
            }
        }
        if (!conds.isEmpty()) {
            f.a(" WHERE ");
            for (int i = 0; i < conds.size(); i++) {
                f.a(i > 0 ? " AND " : "").a(conds.size() > 1 ? new Frag("(").a(conds.get(i)).a(")") : conds.get(i));
            }
        }
        if (!pg && joined == null && r.nextInt(10) == 0) {
            f.a(" ORDER BY " + (alias ? target.q("id") : "id") + " DESC LIMIT " + (1 + r.nextInt(3)));
        }
        if (pg && r.nextInt(100) < 20) {
            f.a(returning(target, scope));
        }
        return f;
    }

    private static boolean rhsMayBeNull(List<Frag> rhs, List<GCol> assigned) {
        for (int i = 0; i < assigned.size(); i++) {
            if (assigned.get(i).dom() == Dom.ONE_WORD && rhs.get(i).sql.indexOf("?") < 0
                && rhs.get(i).sql.indexOf("'") < 0) {
                return true;
            }
        }
        return false;
    }

    /** The right-hand side of {@code SET col = …}, inside the column's round-trip domain. */
    private Frag assignment(Ref target, GCol c, List<Ref> scope) {
        String self = r.nextBoolean() ? c.name() : target.q(c.name());
        int k = r.nextInt(100);
        if (k < 5 && (c.name().equals("qty") || c.name().equals("status") || c.old() && c.dom() != Dom.ONE_WORD)) {
            return new Frag("DEFAULT");
        }
        switch (c.dom()) {
            case EMAIL:
                if (k < 30) {
                    return strValue(c, true);
                }
                if (k < 45) {
                    return new Frag(pick(List.of("LOWER(", "UPPER(")) + self + ")");
                }
                if (k < 60) {
                    return new Frag("CONCAT(" + pick(List.of("name", target.q("name"))) + ", " + target.q("id")
                        + ", '@gen.io')");
                }
                if (k < 70) {
                    return new Frag("NULL");
                }
                if (k < 80) {
                    return new Frag(pick(List.of("name", target.q("name"))));
                }
                return new Frag("CASE WHEN ").a(predicate(List.of(target), 2)).a(" THEN ").a(strValue(c, true))
                    .a(" ELSE " + self + " END");
            case TWO_WORDS:
                if (k < 35) {
                    return strValue(c, true);
                }
                if (k < 55) {
                    return new Frag(pick(List.of("UPPER(", "LOWER(")) + self + ")");
                }
                if (k < 65) {
                    return new Frag("NULL");
                }
                if (k < 80) {
                    return new Frag("REPLACE(" + self + ", 'a', 'e')");
                }
                return new Frag("(SELECT CONCAT(c7.given_name, ' ', c7.family_name) FROM contacts c7 WHERE c7.id = "
                    + pick(List.of("1", "2", "4", "5")) + ")");
            case ONE_WORD:
                if (k < 45) {
                    return strValue(c, true);
                }
                if (k < 65) {
                    return new Frag(pick(List.of("UPPER(", "LOWER(")) + self + ")");
                }
                if (k < 80) {
                    return new Frag(c.name().equals("given_name") ? "family_name" : "given_name");
                }
                return new Frag("SUBSTRING(" + self + ", 1, 2)");
            default:
                break;
        }
        switch (c.type()) {
            case DEC:
                if (k < 30) {
                    return numValue(c, true);
                }
                if (k < 45) {
                    return new Frag(self + " + ").a(numValue(c, true));
                }
                if (k < 55) {
                    return new Frag(self + " * 2");
                }
                if (k < 62) {
                    return new Frag("NULL");
                }
                if (k < 70) {
                    return new Frag("ROUND(" + self + " / 3, 2)");
                }
                if (k < 78) {
                    return new Frag("COALESCE(" + self + ", 0) - 1");
                }
                if (k < 86) {
                    return new Frag(pick(List.of("qty", target.q("qty"))) + " * 1.5");
                }
                return new Frag("(SELECT MAX(o7.price) FROM orders o7 WHERE o7.user_id = " + pick(List.of("1", "2")) + ")");
            case INT:
                if (k < 40) {
                    return numValue(c, true);
                }
                if (k < 70) {
                    return new Frag(self + " + 1");
                }
                if (c.name().equals("qty") && k < 80) {
                    return new Frag(pick(List.of("price", target.q("price"))));
                }
                if (k < 85) {
                    return new Frag("NULL");
                }
                return target.t() == ORDERS ? new Frag("ROUND(price)") : new Frag("LENGTH(" + pick(oldColumnOf(target.t())) + ")");
            case DATE:
                return k < 80 ? dateValue(true) : new Frag("NULL");
            case TS:
                return k < 80 ? tsValue(true) : new Frag("NULL");
            default:
                // plain strings: may copy an old column of the row
                if (k < 35) {
                    return strValue(c, true);
                }
                if (k < 60 && !oldColumnOf(target.t()).isEmpty() && !c.name().equals("status")) {
                    String old = pick(oldColumnOf(target.t()));
                    return new Frag(pick(List.of(old, "CONCAT('was ', " + old + ")", "UPPER(" + old + ")")));
                }
                if (c.dom() == Dom.NOT_NULL) {
                    return new Frag("UPPER(" + self + ")");
                }
                if (k < 75) {
                    return new Frag("NULL");
                }
                return new Frag("CONCAT(" + self + ", '+')");
        }
    }

    private List<String> oldColumnOf(GTable t) {
        List<String> out = new ArrayList<>();
        for (GCol c : t.cols()) {
            if (c.old()) {
                out.add(c.name());
            }
        }
        if (out.isEmpty()) {
            out.add("note");
        }
        return out;
    }

    private Frag delete() {
        GTable t = pick(WEIGHTED);
        boolean alias = r.nextBoolean();
        Ref target = ref(t, alias);
        List<Ref> scope = new ArrayList<>();
        scope.add(target);
        Frag f = new Frag();
        int form = r.nextInt(100);
        if (!pg && form < 12 && (t == ORDERS || t == CONTACTS)) {
            Ref j = t == ORDERS ? new Ref(USERS, "u") : new Ref(PEOPLE, "p");
            scope.add(j);
            f.a("DELETE " + target.name() + " FROM " + tableText(target) + " JOIN " + j.t().name() + " " + j.name()
                + " ON " + (t == ORDERS ? "u.id = " + target.q("user_id") : "p.id = " + target.q("person_id")));
            return f.a(" WHERE ").a(predicate(scope, 0));
        }
        f.a("DELETE FROM ").a(tableText(target));
        Frag where = new Frag();
        if (pg && form < 12 && (t == ORDERS || t == CONTACTS)) {
            Ref j = t == ORDERS ? new Ref(USERS, "u") : new Ref(PEOPLE, "p");
            scope.add(j);
            f.a(" USING " + j.t().name() + " " + j.name());
            where.a(t == ORDERS ? "u.id = " + target.q("user_id") : "p.id = " + target.q("person_id")).a(" AND ");
        }
        if (r.nextInt(100) < 92 || where.sql.length() > 0) {
            f.a(" WHERE ").a(where).a(predicate(scope, 0));
        }
        if (!pg && r.nextInt(10) == 0) {
            f.a(" ORDER BY " + (alias ? target.q("id") : "id") + " LIMIT " + (1 + r.nextInt(3)));
        }
        if (pg && r.nextInt(100) < 25) {
            f.a(returning(target, scope));
        }
        return f;
    }

    private Frag returning(Ref target, List<Ref> scope) {
        int k = r.nextInt(4);
        if (k == 0) {
            return new Frag(" RETURNING *");
        }
        List<String> items = new ArrayList<>();
        items.add(target.q("id"));
        for (GCol c : target.t().cols()) {
            if (c.old() && r.nextInt(3) > 0) {
                items.add(colRef(target, c, scope));
            }
        }
        Frag f = new Frag(" RETURNING " + String.join(", ", items));
        if (k == 1) {
            GCol c = preferOld(target.t());
            f.a(", ").a(expr(List.of(target), c.type() == T.ID ? T.INT : c.type(), 1)).a(" AS r1");
        }
        return f;
    }

    private Frag modifyingCte() {
        GTable t = pick(List.of(USERS, ORDERS, PEOPLE, CONTACTS));
        Ref target = new Ref(t, t.name());
        List<Ref> scope = List.of(target);
        List<String> cols = new ArrayList<>();
        cols.add("id");
        for (GCol c : t.cols()) {
            if (c.old()) {
                cols.add(c.name());
            }
        }
        Frag body;
        if (r.nextBoolean()) {
            body = new Frag("DELETE FROM " + t.name() + " WHERE ").a(predicate(scope, 0));
        } else {
            GCol c = preferOld(t);
            if (c.name().equals("id")) {
                c = t.cols().get(1);
            }
            Frag rhs = assignment(target, c, scope);
            body = new Frag("UPDATE " + t.name() + " SET " + c.name() + " = ").a(rhs).a(" WHERE ");
            if (c.dom() == Dom.ONE_WORD) {
                body.a("given_name IS NOT NULL AND family_name IS NOT NULL AND ");
            }
            body.a(predicate(scope, 1));
        }
        body.a(" RETURNING " + String.join(", ", cols));
        Frag f = new Frag("WITH m AS (").a(body).a(") ");
        if (r.nextBoolean()) {
            return f.a("SELECT * FROM m");
        }
        return f.a("SELECT COUNT(*) AS n, MAX(" + cols.get(cols.size() - 1) + ") AS mx FROM m");
    }
}
