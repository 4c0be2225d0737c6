package dev.tandem.driver.internal.config;

import dev.tandem.driver.internal.text.Prefilter;
import dev.tandem.driver.spec.Migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable, versioned view of every migration in force. A reload builds a new snapshot and swaps
 * a reference; nothing mutates a snapshot in use, so a transaction can keep the one it started with.
 */
public final class ConfigSnapshot {
    private final long version;
    private final List<Migration> migrations;
    private final List<Migration> active;
    private final String source;
    private final Instant loadedAt;
    private final Prefilter prefilter;
    private final Prefilter anyMigration;

    public ConfigSnapshot(long version, List<Migration> migrations, String source, Instant loadedAt) {
        this.version = version;
        this.migrations = List.copyOf(migrations);
        this.source = source;
        this.loadedAt = loadedAt;
        List<Migration> act = new ArrayList<>();
        Set<String> tokens = new LinkedHashSet<>();
        for (Migration m : this.migrations) {
            if (m.phase().rewrites() && m.kind() != Migration.Kind.RENAME) { // renames: RenamePlans
                act.add(m);
                tokens.add(m.table().prefilterToken());
                if (m.kind() == Migration.Kind.MOVE && m.phase() != dev.tandem.driver.spec.Phase.COMPLETE) {
                    tokens.add(m.target().prefilterToken()); // its direct writes are refused until COMPLETE
                }
            }
        }
        this.active = List.copyOf(act);
        this.prefilter = new Prefilter(tokens);
        Set<String> all = new LinkedHashSet<>();
        for (Migration m : this.migrations) {
            all.add(m.table().prefilterToken());
        }
        this.anyMigration = new Prefilter(all);
    }

    /** An empty configuration: no migrations, nothing is rewritten. */
    public static ConfigSnapshot empty(String source) {
        return new ConfigSnapshot(0, List.of(), source, Instant.now());
    }

    public long version() {
        return version;
    }

    /** Every migration, in spec order. */
    public List<Migration> migrations() {
        return migrations;
    }

    /** Column migrations whose phase rewrites statements (all but EXPAND); a table rename is not one of them. */
    public List<Migration> activeMigrations() {
        return active;
    }

    public Migration migration(String id) {
        for (Migration m : migrations) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }

    /** Where this snapshot came from (file path, control table). */
    public String source() {
        return source;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /**
     * The cheap lexical test run on every statement: false means the SQL cannot touch a migrated table
     * and goes to the real driver unparsed and unchanged.
     */
    public boolean mayTouchMigratedTable(String sql) {
        return prefilter.matches(sql);
    }

    /** As {@link #mayTouchMigratedTable} but over every migration, EXPAND included. */
    public boolean mayTouchAnyMigration(String sql) {
        return anyMigration.matches(sql);
    }

    @Override
    public String toString() {
        return "config v" + version + " from " + source + " (" + migrations.size() + " migrations)";
    }
}
