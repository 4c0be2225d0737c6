package dev.tandem.driver.spec;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes migrations back as spec YAML that {@link SpecParser} reads to equal migrations. Each column
 * is written one-sided ({new, forward} and {old, backward}), which means the same as the paired form.
 */
public final class SpecWriter {
    private SpecWriter() {
    }

    public static String toYaml(List<Migration> migrations) {
        List<Object> list = new ArrayList<>();
        for (Migration m : migrations) {
            list.add(map(m));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("migrations", list);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return new Yaml(options).dump(root);
    }

    public static String toYaml(Migration migration) {
        return toYaml(List.of(migration));
    }

    private static Map<String, Object> map(Migration m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        if (m.kind() != Migration.Kind.COLUMNS) {
            out.put("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        out.put("table", m.table().toString());
        if (m.target() != null) {
            out.put("target", m.target().toString());
        }
        if (!m.key().isEmpty()) {
            out.put("key", new ArrayList<>(m.key()));
        }
        if (m.kind() == Migration.Kind.MOVE) {
            out.put("targetKey", new ArrayList<>(m.targetKey()));
        }
        if (m.kind() == Migration.Kind.RENAME) {
            out.put("phase", m.phase().name());
            return out;
        }
        List<Object> columns = new ArrayList<>();
        m.forward().forEach((n, f) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("new", n);
            c.put("forward", f);
            if (m.types().containsKey(n)) {
                c.put("type", m.types().get(n));
            }
            columns.add(c);
        });
        m.backward().forEach((o, b) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("old", o);
            c.put("backward", b);
            if (m.types().containsKey(o)) {
                c.put("oldType", m.types().get(o));
            }
            if (m.oldPositions().containsKey(o)) {
                c.put("oldPosition", m.oldPositions().get(o));
            }
            columns.add(c);
        });
        out.put("columns", columns);
        out.put("phase", m.phase().name());
        out.put("readNewPercent", m.readNewPercent());
        out.put("shadowReadPercent", m.shadowReadPercent());
        if (!m.rollout().isEmpty()) {
            out.put("rollout", m.rollout());
        }
        return out;
    }
}
