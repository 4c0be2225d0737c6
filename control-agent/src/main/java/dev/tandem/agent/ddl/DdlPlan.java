package dev.tandem.agent.ddl;

import java.util.List;

/**
 * The DDL one migration needs, in the target's dialect: expand (nullable new columns, their indexes,
 * built without blocking writes) and contract (drop the old columns). {@code notes} say what Tandem
 * could not decide, e.g. a new column without a declared type.
 */
public record DdlPlan(String migrationId, List<String> expand, List<String> contract, List<String> notes) {
}
