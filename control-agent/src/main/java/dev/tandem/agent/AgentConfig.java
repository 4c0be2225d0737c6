package dev.tandem.agent;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's own configuration (agent.yaml): the target database, the migration spec file, the
 * control tables, the admin API, job defaults and how DDL waits for locks. {@code ${VAR}} is replaced from the
 * environment, so secrets stay out of the file. Unknown fields are errors.
 *
 * @param specFunctions {@code spec.allowedFunctions}: functions (lower case) a spec's forward/backward may call in
 *                      addition to the dialect's defaults ({@code Dialect.specFunctions()})
 */
public record AgentConfig(String jdbcUrl, String user, String password, Path migrationsFile, String controlPrefix,
                          Duration barrierTimeout, Admin admin, JobOptions jobs, DdlOptions ddl,
                          List<String> specFunctions, RolloutOptions rollout) {

    /** A config with the default rollout settings. */
    public AgentConfig(String jdbcUrl, String user, String password, Path migrationsFile, String controlPrefix,
                       Duration barrierTimeout, Admin admin, JobOptions jobs, DdlOptions ddl,
                       List<String> specFunctions) {
        this(jdbcUrl, user, password, migrationsFile, controlPrefix, barrierTimeout, admin, jobs, ddl, specFunctions,
            RolloutOptions.defaults());
    }

    /** A config without extra spec functions. */
    public AgentConfig(String jdbcUrl, String user, String password, Path migrationsFile, String controlPrefix,
                       Duration barrierTimeout, Admin admin, JobOptions jobs, DdlOptions ddl) {
        this(jdbcUrl, user, password, migrationsFile, controlPrefix, barrierTimeout, admin, jobs, ddl, List.of());
    }

    /** A config with the default DDL settings and without extra spec functions. */
    public AgentConfig(String jdbcUrl, String user, String password, Path migrationsFile, String controlPrefix,
                       Duration barrierTimeout, Admin admin, JobOptions jobs) {
        this(jdbcUrl, user, password, migrationsFile, controlPrefix, barrierTimeout, admin, jobs, DdlOptions.defaults());
    }

    /**
     * The admin HTTP API.
     *
     * @param unsetVariable the environment variable {@code token} names when it is not set (only {@code serve}
     *                      needs the token, so other commands load such a config), else null
     */
    public record Admin(String bind, int port, String token, String unsetVariable) {
        public Admin(String bind, int port, String token) {
            this(bind, port, token, null);
        }
    }

    /**
     * Backfill/reconcile defaults; a CLI flag or API field overrides each. {@code reconcileParallelism}: how
     * many connections a plain reconcile's chunk is counted on at once (its range split evenly between them).
     */
    public record JobOptions(long targetChunkMillis, long maxRowsPerSecond, int initialChunkRows,
                             long maxReplicationLagMillis, List<String> replicaUrls, int reconcileParallelism) {
        /** The most connections one reconcile may use; the agent's pool holds eight. */
        public static final int MAX_RECONCILE_PARALLELISM = 4;

        public static JobOptions defaults() {
            return new JobOptions(100, 0, 1000, 5000, List.of(), 2);
        }

        public JobOptions withTargetChunkMillis(long v) {
            return new JobOptions(v, maxRowsPerSecond, initialChunkRows, maxReplicationLagMillis, replicaUrls,
                reconcileParallelism);
        }

        public JobOptions withMaxRowsPerSecond(long v) {
            return new JobOptions(targetChunkMillis, v, initialChunkRows, maxReplicationLagMillis, replicaUrls,
                reconcileParallelism);
        }

        public JobOptions withInitialChunkRows(int v) {
            return new JobOptions(targetChunkMillis, maxRowsPerSecond, v, maxReplicationLagMillis, replicaUrls,
                reconcileParallelism);
        }

        public JobOptions withReconcileParallelism(int v) {
            return new JobOptions(targetChunkMillis, maxRowsPerSecond, initialChunkRows, maxReplicationLagMillis,
                replicaUrls, v);
        }
    }

    /**
     * How {@code apply} runs DDL: each statement waits at most {@code lockTimeoutMillis} for a lock (so writes
     * queue behind it no longer than that), and after a lock timeout is tried again up to {@code lockRetries}
     * times, after a pause that doubles from {@code retryBackoffMillis} (capped at 30 s) with random jitter.
     */
    public record DdlOptions(long lockTimeoutMillis, int lockRetries, long retryBackoffMillis) {
        public static DdlOptions defaults() {
            return new DdlOptions(2000, 5, 1000);
        }
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> TOP = Set.of("database", "migrations", "controlPrefix", "barrierTimeoutSeconds",
        "admin", "backfill", "ddl", "spec", "rollout");

    /** A config for a database URL and spec file with every other setting at its default. */
    public static AgentConfig of(String jdbcUrl, Path migrationsFile) {
        return new AgentConfig(jdbcUrl, null, null, migrationsFile, "tandem_", Duration.ofSeconds(60),
            new Admin("127.0.0.1", 7070, null), JobOptions.defaults());
    }

    public AgentConfig withBarrierTimeout(Duration timeout) {
        return new AgentConfig(jdbcUrl, user, password, migrationsFile, controlPrefix, timeout, admin, jobs,
            ddl, specFunctions, rollout);
    }

    public AgentConfig withAdmin(Admin a) {
        return new AgentConfig(jdbcUrl, user, password, migrationsFile, controlPrefix, barrierTimeout, a, jobs,
            ddl, specFunctions, rollout);
    }

    public AgentConfig withJobs(JobOptions j) {
        return new AgentConfig(jdbcUrl, user, password, migrationsFile, controlPrefix, barrierTimeout, admin, j,
            ddl, specFunctions, rollout);
    }

    public AgentConfig withDdl(DdlOptions d) {
        return new AgentConfig(jdbcUrl, user, password, migrationsFile, controlPrefix, barrierTimeout, admin, jobs, d,
            specFunctions, rollout);
    }

    public AgentConfig withRollout(RolloutOptions r) {
        return new AgentConfig(jdbcUrl, user, password, migrationsFile, controlPrefix, barrierTimeout, admin, jobs,
            ddl, specFunctions, r);
    }

    public AgentConfig withControlPrefix(String prefix) {
        return new AgentConfig(jdbcUrl, user, password, migrationsFile, prefix, barrierTimeout, admin, jobs,
            ddl, specFunctions, rollout);
    }

    /** True if the ${VAR} at {@code at} is the value of a {@code token:} key (the admin API's bearer token). */
    private static boolean isTokenLine(String text, int at) {
        int lineStart = text.lastIndexOf('\n', at) + 1;
        return text.substring(lineStart, at).strip().startsWith("token:");
    }

    /** Reads and validates {@code file}; {@code env} resolves ${VAR} (normally System::getenv). */
    public static AgentConfig load(Path file, Function<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.INVALID, "Cannot read the agent config " + file + ": " + e);
        }
        List<String> problems = new ArrayList<>();
        Matcher m = VAR.matcher(text);
        StringBuilder resolved = new StringBuilder();
        String unsetToken = null;
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null && isTokenLine(text, m.start())) {
                // Only `serve` needs the admin token: status, plan, audit and the rest work without it.
                unsetToken = m.group(1);
                value = "";
            } else if (value == null) {
                problems.add("environment variable " + m.group(1) + " is not set");
                value = "";
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(resolved.toString());
        } catch (YAMLException e) {
            throw invalid(file, List.of("not valid YAML: " + e.getMessage()));
        }
        Fields f = new Fields(root, "top level", problems);
        f.only(TOP);
        Fields db = f.child("database");
        db.only(Set.of("url", "user", "password"));
        String url = db.string("url", true);
        if (url != null && !url.startsWith("jdbc:")) {
            problems.add("field 'database.url' must be a JDBC URL of the target database (jdbc:postgresql://... or "
                + "jdbc:mysql://...), got '" + url + "'");
        }
        String spec = f.string("migrations", true);
        Fields admin = f.child("admin");
        admin.only(Set.of("bind", "port", "token"));
        Fields bf = f.child("backfill");
        bf.only(Set.of("targetChunkMillis", "maxRowsPerSecond", "initialChunkRows", "maxReplicationLagMillis",
            "replicaUrls", "reconcileParallelism"));
        Fields ddl = f.child("ddl");
        ddl.only(Set.of("lockTimeoutMillis", "lockRetries", "retryBackoffMillis"));
        Fields specOptions = f.child("spec");
        specOptions.only(Set.of("allowedFunctions"));
        List<String> functions = new ArrayList<>();
        for (String fn : specOptions.strings("allowedFunctions")) {
            if (!fn.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.add("field 'spec.allowedFunctions' must list plain function names, got '" + fn + "'");
            } else {
                functions.add(fn.toLowerCase(java.util.Locale.ROOT));
            }
        }
        RolloutOptions rollout = RolloutOptions.load(f.child("rollout").map, "rollout", problems);
        String prefix = f.stringOr("controlPrefix", "tandem_");
        if (!prefix.matches("[A-Za-z_][A-Za-z0-9_]{0,30}")) {
            problems.add("field 'controlPrefix' must be letters, digits and _, got '" + prefix + "'");
        }
        AgentConfig config = new AgentConfig(url, db.string("user", false), db.string("password", false),
            spec == null ? null : file.toAbsolutePath().getParent().resolve(spec).normalize(), prefix,
            Duration.ofSeconds(f.number("barrierTimeoutSeconds", 60, 1, 86_400)),
            new Admin(admin.stringOr("bind", "127.0.0.1"), (int) admin.number("port", 7070, 0, 65_535),
                admin.string("token", false), unsetToken),
            new JobOptions(bf.number("targetChunkMillis", 100, 1, 60_000), bf.number("maxRowsPerSecond", 0, 0,
                Long.MAX_VALUE), (int) bf.number("initialChunkRows", 1000, 1, 1_000_000),
                bf.number("maxReplicationLagMillis", 5000, 0, Long.MAX_VALUE), bf.strings("replicaUrls"),
                (int) bf.number("reconcileParallelism", 2, 1, JobOptions.MAX_RECONCILE_PARALLELISM)),
            new DdlOptions(ddl.number("lockTimeoutMillis", 2000, 1, 600_000),
                (int) ddl.number("lockRetries", 5, 0, 100),
                ddl.number("retryBackoffMillis", 1000, 0, 600_000)),
            List.copyOf(functions), rollout);
        if (!problems.isEmpty()) {
            throw invalid(file, problems);
        }
        return config;
    }

    private static AgentException invalid(Path file, List<String> problems) {
        return new AgentException(AgentException.Kind.INVALID, "Invalid agent config " + file + ":\n  - "
            + String.join("\n  - ", problems));
    }

    /** Typed access to one YAML mapping, collecting problems with the field's path. */
    private static final class Fields {
        private final Map<?, ?> map;
        private final String path;
        private final List<String> problems;

        Fields(Object node, String path, List<String> problems) {
            this.path = path;
            this.problems = problems;
            if (node != null && !(node instanceof Map)) {
                problems.add(path + " must be a mapping");
            }
            this.map = node instanceof Map ? (Map<?, ?>) node : Map.of();
        }

        private String name(String field) {
            return "top level".equals(path) ? field : path + "." + field;
        }

        void only(Set<String> known) {
            for (Object k : map.keySet()) {
                if (!known.contains(String.valueOf(k))) {
                    problems.add("unknown field '" + name(String.valueOf(k)) + "'; known fields: "
                        + new java.util.TreeSet<>(known));
                }
            }
        }

        Fields child(String field) {
            return new Fields(map.get(field), name(field), problems);
        }

        String string(String field, boolean required) {
            Object v = map.get(field);
            if (v == null) {
                if (required) {
                    problems.add("field '" + name(field) + "' is required");
                }
                return null;
            }
            return String.valueOf(v);
        }

        String stringOr(String field, String dflt) {
            String v = string(field, false);
            return v == null ? dflt : v;
        }

        long number(String field, long dflt, long min, long max) {
            Object v = map.get(field);
            if (v == null) {
                return dflt;
            }
            if (!(v instanceof Number) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
                problems.add("field '" + name(field) + "' must be a whole number from " + min + " to " + max
                    + ", got '" + v + "'");
                return dflt;
            }
            return ((Number) v).longValue();
        }

        List<String> strings(String field) {
            Object v = map.get(field);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List)) {
                problems.add("field '" + name(field) + "' must be a list");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(String.valueOf(o));
            }
            return out;
        }
    }
}
