package dev.tandem.agent.demo;

import dev.tandem.driver.spec.Phase;

import static dev.tandem.agent.demo.SpecFile.ORDERS;
import static dev.tandem.agent.demo.SpecFile.PRODUCTS;
import static dev.tandem.agent.demo.SpecFile.USERS;

/**
 * The rehearsal's script: one migration walked through every phase, a second one rolled back from CONTRACT, and
 * (where Tandem moves columns on the server) a third that moves two columns to another table, through COMPLETE.
 */
final class Scenario {
    /** What the report says about the application's product statements in the move scenario. */
    static final String OLD_NAMES_NOTE = PRODUCTS + ": the application inserted, updated, deleted and read stock and "
        + "warehouse in the old table's names to the end, COMPLETE included, where the moved columns are gone from "
        + "products and Tandem writes and reads them in inventory.";

    private final Operator op;
    private final Console console;

    Scenario(Operator op, Console console) {
        this.op = op;
        this.console = console;
    }

    /** users.email renamed to email_address, from EXPAND to COMPLETE with a canary ramp of the read switch. */
    void walk() {
        console.heading(USERS + ": rename users.email to email_address, through every phase");
        op.hold(USERS + " EXPAND", USERS);
        op.apply(USERS, false);
        op.phase(USERS, Phase.DUAL_WRITE, USERS + " DUAL_WRITE");
        op.backfill(USERS);
        op.reconcile(USERS, USERS + " reconcile (DUAL_WRITE)");
        op.phase(USERS, Phase.SHADOW_READ, USERS + " SHADOW_READ");
        op.autopilot(USERS, java.util.List.of(10, 50, 100), USERS + " READ_NEW ramp (canary autopilot)");
        op.reconcile(USERS, USERS + " reconcile (READ_NEW)");
        op.phase(USERS, Phase.CONTRACT, USERS + " CONTRACT");
        op.apply(USERS, true);
        op.phase(USERS, Phase.COMPLETE, USERS + " COMPLETE");
    }

    /**
     * orders.price (numeric) retyped to price_cents (bigint), taken to CONTRACT and rolled back step by step
     * to EXPAND; leaving CONTRACT runs the reverse backfill that makes the old column current again.
     */
    void rollbackDrill() {
        console.heading(ORDERS + ": retype orders.price to price_cents, then roll back from CONTRACT");
        op.apply(ORDERS, false);
        op.phase(ORDERS, Phase.DUAL_WRITE, ORDERS + " DUAL_WRITE");
        op.backfill(ORDERS);
        op.reconcile(ORDERS, ORDERS + " reconcile (DUAL_WRITE)");
        op.phase(ORDERS, Phase.SHADOW_READ, ORDERS + " SHADOW_READ");
        op.phase(ORDERS, Phase.READ_NEW, ORDERS + " READ_NEW");
        op.reconcile(ORDERS, ORDERS + " reconcile (READ_NEW)");
        op.phase(ORDERS, Phase.CONTRACT, ORDERS + " CONTRACT");
        console.heading(ORDERS + ": rollback drill");
        op.phase(ORDERS, Phase.READ_NEW, ORDERS + " rollback to READ_NEW");
        op.reconcile(ORDERS, ORDERS + " reconcile (after rollback)");
        op.phase(ORDERS, Phase.SHADOW_READ, ORDERS + " rollback to SHADOW_READ");
        op.phase(ORDERS, Phase.DUAL_WRITE, ORDERS + " rollback to DUAL_WRITE");
        op.phase(ORDERS, Phase.EXPAND, ORDERS + " rollback to EXPAND");
    }

    /**
     * products.stock and products.warehouse moved to a new table inventory keyed by the product id, from EXPAND to
     * COMPLETE: the expand DDL creates inventory, the backfill upserts it, the tightening moves stock's NOT NULL
     * to it, the contract DDL adds the foreign key, and the contract DDL in COMPLETE drops the moved columns.
     */
    void move() {
        console.heading(PRODUCTS + ": move products.stock, products.warehouse to inventory, through every phase");
        op.apply(PRODUCTS, false);
        op.phase(PRODUCTS, Phase.DUAL_WRITE, PRODUCTS + " DUAL_WRITE");
        op.backfill(PRODUCTS);
        long found = op.reconcile(PRODUCTS, PRODUCTS + " reconcile (DUAL_WRITE)");
        if (found > 0) {
            op.note(PRODUCTS + ": the reconcile after the backfill found " + found + " mismatch(es); the rehearsal "
                + "repaired them as an operator would (reconcile --repair) and reconciled again.");
            op.repair(PRODUCTS, PRODUCTS + " repair (DUAL_WRITE)");
            op.reconcile(PRODUCTS, PRODUCTS + " reconcile after the repair");
        }
        op.phase(PRODUCTS, Phase.SHADOW_READ, PRODUCTS + " SHADOW_READ");
        op.phase(PRODUCTS, Phase.READ_NEW, PRODUCTS + " READ_NEW");
        op.reconcile(PRODUCTS, PRODUCTS + " reconcile (READ_NEW)");
        op.apply(PRODUCTS, false, "tightening DDL");
        op.phase(PRODUCTS, Phase.CONTRACT, PRODUCTS + " CONTRACT");
        op.apply(PRODUCTS, true);
        op.reconcile(PRODUCTS, PRODUCTS + " reconcile (CONTRACT)");
        op.phase(PRODUCTS, Phase.COMPLETE, PRODUCTS + " COMPLETE");
        op.apply(PRODUCTS, true, "contract DDL in COMPLETE");
        op.hold(PRODUCTS + " COMPLETE, moved columns dropped", PRODUCTS);
    }
}
