package dev.tandem.agent.demo;

import dev.tandem.driver.spec.Phase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The migration file the rehearsal's operator edits: its migrations (the move of products' columns only where
 * the rehearsal walks it) with the phase and canary percent they are at. It is rewritten after every phase change, so a reload never moves a migration back.
 */
final class SpecFile {
    static final String USERS = "users-email";
    static final String ORDERS = "orders-price";
    static final String PRODUCTS = "products-inventory";

    private final Path path;
    private final Target.Kind kind;
    private final Map<String, Phase> phases = new LinkedHashMap<>();
    private final Map<String, Integer> readNewPercent = new LinkedHashMap<>();

    SpecFile(Path path, Target.Kind kind) {
        this.path = path;
        this.kind = kind;
        String[] migrations = kind.movesColumns() ? new String[] {USERS, ORDERS, PRODUCTS}
            : new String[] {USERS, ORDERS};
        for (String m : migrations) {
            phases.put(m, Phase.EXPAND);
            readNewPercent.put(m, 100);
        }
        write();
    }

    Path path() {
        return path;
    }

    void phase(String migration, Phase phase) {
        phases.put(migration, phase);
        write();
    }

    void readNewPercent(String migration, int percent) {
        readNewPercent.put(migration, percent);
        write();
    }

    int readNewPercent(String migration) {
        return readNewPercent.get(migration);
    }

    String text() {
        String cents = kind == Target.Kind.POSTGRESQL ? "CAST(ROUND(price * 100) AS BIGINT)"
            : "CAST(ROUND(price * 100) AS SIGNED)";
        return "# Written by the Tandem demo rehearsal; the operator's edits are the phase and readNewPercent.\n"
            + "migrations:\n"
            + "  - id: " + USERS + "\n"
            + "    description: rename users.email to email_address\n"
            + "    table: users\n"
            + "    key: [id]\n"
            + "    columns:\n"
            + "      - old: email\n"
            + "        new: email_address\n"
            + "        type: VARCHAR(200)\n"
            + tail(USERS)
            + "  - id: " + ORDERS + "\n"
            + "    description: store orders.price as whole cents in price_cents\n"
            + "    table: orders\n"
            + "    key: [id]\n"
            + "    columns:\n"
            + "      - old: price\n"
            + "        new: price_cents\n"
            + "        type: BIGINT\n"
            + "        oldType: " + DemoSchema.oldPriceType(kind) + "\n"
            + "        forward: " + cents + "\n"
            + "        backward: price_cents / 100.0\n"
            + tail(ORDERS)
            + (phases.containsKey(PRODUCTS) ? products() : "");
    }

    /** The move: plain copies, each with its type, which the driver reads once the source columns are dropped. */
    private String products() {
        return "  - id: " + PRODUCTS + "\n"
            + "    description: move products.stock and products.warehouse to inventory, keyed by product id\n"
            + "    kind: move\n"
            + "    table: products\n"
            + "    target: inventory\n"
            + "    key: [id]\n"
            + "    columns:\n"
            + "      - old: stock\n"
            + "        new: stock\n"
            + "        type: INT\n"
            + "      - old: warehouse\n"
            + "        new: warehouse\n"
            + "        type: VARCHAR(20)\n"
            + tail(PRODUCTS);
    }

    private String tail(String migration) {
        return "    phase: " + phases.get(migration) + "\n"
            + "    readNewPercent: " + readNewPercent.get(migration) + "\n"
            + "    shadowReadPercent: 100\n";
    }

    private void write() {
        try {
            Files.writeString(path, text());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the migration file " + path, e);
        }
    }
}
