package dev.tandem.driver.it;

import dev.tandem.testdb.DbKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One statement shape of the rewrite table: SQL, parameters, how it is executed, where it applies. */
final class RewriteCase {
    enum Api { PREPARED, STATEMENT, BATCH }

    /** A typed SQL NULL parameter. */
    record Null(int sqlType) {
    }

    final String name;
    final String sql;
    final boolean write;
    Set<DbKind> dbs = EnumSet.allOf(DbKind.class);
    Api api = Api.PREPARED;
    boolean newNames;
    boolean showsBothSides;
    Set<dev.tandem.driver.spec.Phase> refusedIn = EnumSet.noneOf(dev.tandem.driver.spec.Phase.class);
    final List<List<Object>> params = new ArrayList<>();

    private RewriteCase(String name, boolean write, String sql, Object... params) {
        this.name = name;
        this.write = write;
        this.sql = sql;
        this.params.add(Arrays.asList(params));
    }

    static RewriteCase read(String name, String sql, Object... params) {
        return new RewriteCase(name, false, sql, params);
    }

    static RewriteCase write(String name, String sql, Object... params) {
        return new RewriteCase(name, true, sql, params);
    }

    RewriteCase pg() {
        dbs = EnumSet.of(DbKind.POSTGRESQL);
        return this;
    }

    RewriteCase mysql() {
        dbs = EnumSet.of(DbKind.MARIADB);
        return this;
    }

    /** The statement writes the new column names (a new application version). */
    RewriteCase newNames() {
        newNames = true;
        return this;
    }

    /** The statement reads old and new columns alike (SELECT *): only the old side can be corrupted. */
    RewriteCase bothSides() {
        showsBothSides = true;
        return this;
    }

    /** Tandem must refuse the statement (SQLState TD...) in these phases and leave the data as it was. */
    RewriteCase refusedIn(dev.tandem.driver.spec.Phase... phases) {
        refusedIn.addAll(Arrays.asList(phases));
        return this;
    }

    RewriteCase statement() {
        api = Api.STATEMENT;
        return this;
    }

    /** Adds another parameter row and executes them as one JDBC batch. */
    RewriteCase batch(Object... more) {
        api = Api.BATCH;
        params.add(Arrays.asList(more));
        return this;
    }

    @Override
    public String toString() {
        return name;
    }
}
