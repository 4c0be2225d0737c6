package dev.tandem.driver.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Spec validation: a valid spec with its defaults, and a battery of invalid ones with their messages. */
class SpecParserTest {
    private static final String HEAD = "migrations:\n  - id: m1\n    table: users\n    key: [id]\n";
    private static final String RENAME = "    columns:\n      - old: email\n        new: email_address\n";

    @Test
    void validSpecGetsDefaults() throws Exception {
        List<Migration> ms = SpecParser.parse(HEAD + RENAME, "m.yaml");
        Migration m = ms.get(0);
        assertThat(m.phase()).isEqualTo(Phase.EXPAND);
        assertThat(m.readNewPercent()).isEqualTo(100);
        assertThat(m.shadowReadPercent()).isEqualTo(100);
        assertThat(m.forward()).containsEntry("email_address", "email");
        assertThat(m.backward()).containsEntry("email", "email_address");
        assertThat(m.forwardRefs().get("email_address")).containsExactly("email");
    }

    @Test
    void splitAndMergeColumnsAreDescribedByOneSidedEntries() throws Exception {
        Migration m = SpecParser.parse("migrations:\n  - id: split\n    table: public.people\n    key: [id]\n"
            + "    columns:\n      - new: first_name\n        forward: split_part(full_name, ' ', 1)\n"
            + "      - new: last_name\n        forward: split_part(full_name, ' ', 2)\n"
            + "      - old: full_name\n        backward: first_name || ' ' || last_name\n    phase: DUAL_WRITE\n",
            "s.yaml").get(0);
        assertThat(m.table()).isEqualTo(new TableName("public", "people"));
        assertThat(m.newColumns()).containsExactly("first_name", "last_name");
        assertThat(m.backwardRefs().get("full_name")).containsExactly("first_name", "last_name");
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
            Arguments.of("not yaml", "migrations: [", "not valid YAML"),
            Arguments.of("unknown top-level key", "migration: []\n", "unknown field 'migration'"),
            Arguments.of("unknown migration key", HEAD + RENAME + "    phse: DUAL_WRITE\n", "unknown field 'phse'"),
            Arguments.of("unknown phase", HEAD + RENAME + "    phase: DUALWRITE\n",
                "migration 'm1': field 'phase' has unknown phase 'DUALWRITE'"),
            Arguments.of("missing id", "migrations:\n  - table: users\n    key: [id]\n" + RENAME,
                "field 'id' is required"),
            Arguments.of("missing table", "migrations:\n  - id: m1\n    key: [id]\n" + RENAME,
                "migration 'm1': field 'table' is required"),
            Arguments.of("missing key", "migrations:\n  - id: m1\n    table: users\n" + RENAME,
                "field 'key' must name the primary key"),
            Arguments.of("forward does not parse", HEAD + "    columns:\n      - old: price\n        new: cents\n"
                + "        forward: CAST(price * AS BIGINT)\n", "cannot parse SQL expression"),
            Arguments.of("forward reads the new side", HEAD + "    columns:\n      - old: price\n        new: cents\n"
                + "        forward: cents * 100\n", "references 'cents', a column of the wrong side"),
            Arguments.of("backward reads an unknown column", HEAD + "    columns:\n      - old: price\n"
                + "        new: cents\n        backward: dollars\n", "'dollars', which is not a column of this migration"),
            Arguments.of("duplicate ids", HEAD + RENAME + HEAD.substring("migrations:\n".length()) + RENAME.replace(
                "email", "mail"), "is used by more than one migration"),
            Arguments.of("two migrations on one column", HEAD + RENAME
                + "  - id: m2\n    table: users\n    key: [id]\n" + RENAME, "is already migrated by 'm1'"),
            Arguments.of("percent out of range", HEAD + RENAME + "    readNewPercent: 150\n",
                "field 'readNewPercent' must be an integer from 0 to 100"),
            Arguments.of("key column migrated", "migrations:\n  - id: m1\n    table: users\n    key: [email]\n" + RENAME,
                "key column 'email' cannot itself be migrated"),
            Arguments.of("new column without forward", HEAD + "    columns:\n      - new: cents\n",
                "needs a 'forward' expression"),
            Arguments.of("empty columns", HEAD + "    columns: []\n", "'columns' must be a non-empty list"),
            Arguments.of("bad table name", "migrations:\n  - id: m1\n    table: \"users; drop\"\n    key: [id]\n" + RENAME,
                "field 'table' must be a table name"),
            Arguments.of("unknown kind", HEAD + "    kind: split\n" + RENAME,
                "field 'kind' must be 'columns' (the default), 'move' or 'rename', got 'split'"),
            Arguments.of("target on a column migration", HEAD + "    target: inventory\n" + RENAME,
                "field 'target' belongs to 'kind: move' or 'kind: rename'"),
            Arguments.of("move without target", HEAD + "    kind: move\n" + RENAME, "field 'target' is required"),
            Arguments.of("move into the same table", HEAD + "    kind: move\n    target: users\n" + RENAME,
                "field 'target' names the same table as 'table'"),
            Arguments.of("move 1:N", HEAD + "    kind: move\n    target: variants\n    targetKey: [user_id, n]\n"
                + RENAME, "moving columns into a table with several rows per source row (1:N) is not supported"),
            Arguments.of("targetKey outside a move", HEAD + "    targetKey: [user_id]\n" + RENAME,
                "field 'targetKey' belongs to 'kind: move'"),
            Arguments.of("rename with columns", HEAD + "    kind: rename\n    target: clients\n" + RENAME,
                "field 'columns' does not apply to 'kind: rename'"),
            Arguments.of("rename to another schema", "migrations:\n  - id: r\n    kind: rename\n"
                + "    table: public.customers\n    target: archive.clients\n",
                "a rename does not move a table to another schema"),
            Arguments.of("moved-from table in two migrations", HEAD + "    kind: move\n    target: profiles\n" + RENAME
                + "  - id: m2\n    table: users\n    key: [id]\n    columns:\n      - old: name\n        new: nm\n",
                "table users is already in migration 'm1'"),
            Arguments.of("rollout not a mapping", HEAD + RENAME + "    rollout: fast\n",
                "field 'rollout' must be a mapping"));
    }

    @org.junit.jupiter.api.Test
    void renameIsAcceptedWithoutKeyOrColumns() throws SpecException {
        List<Migration> ms = SpecParser.parse("migrations:\n  - id: r\n    kind: rename\n    table: public.customers\n"
            + "    target: public.clients\n    phase: DUAL_WRITE\n", "m.yaml");
        assertThat(ms).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Migration.Kind.RENAME);
            assertThat(m.target()).isEqualTo(TableName.parse("public.clients"));
            assertThat(m.key()).isEmpty();
            assertThat(m.phase()).isEqualTo(Phase.DUAL_WRITE);
        });
    }

    @org.junit.jupiter.api.Test
    void moveMayKeepColumnNamesAndDefaultsTheTargetKey() throws SpecException {
        Migration m = SpecParser.parse("migrations:\n  - id: mv\n"
            + "    kind: move\n    table: products\n    target: inventory\n    key: [id]\n"
            + "    columns:\n      - old: stock\n        new: stock\n", "m.yaml").get(0);
        assertThat(m.kind()).isEqualTo(Migration.Kind.MOVE);
        assertThat(m.target()).isEqualTo(TableName.parse("inventory"));
        assertThat(m.targetKey()).containsExactly("id");
        assertThat(m.forward()).containsEntry("stock", "stock");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void invalidSpecIsRejectedNamingFileMigrationAndField(String name, String yaml, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(yaml, "/etc/app/m.yaml"));
        assertThat(e.getMessage()).contains("/etc/app/m.yaml").contains(expected)
            .contains("the running configuration was left unchanged");
    }
}
