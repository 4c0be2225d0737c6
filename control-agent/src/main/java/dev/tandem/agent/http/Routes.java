package dev.tandem.agent.http;

import dev.tandem.agent.Agent;
import dev.tandem.agent.AgentConfig.JobOptions;
import dev.tandem.agent.AgentException;
import dev.tandem.agent.RolloutOptions;
import dev.tandem.driver.spec.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The admin API's endpoints: each one a method, a path pattern and a call on the {@link Agent}. */
final class Routes {
    /** One endpoint. Capture groups of {@code path} become the request's path parameters. */
    record Route(String method, Pattern path, boolean open, Handler handler) {
    }

    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        Response handle(Request request);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    private final Agent agent;
    private final List<Route> routes = new ArrayList<>();

    Routes(Agent agent) {
        this.agent = agent;
        add("GET", "/health", true, r -> health());
        add("GET", "/status", false, r -> Response.json(200, agent.status()));
        add("GET", "/migrations", false, r -> Response.json(200, agent.migrations()));
        add("GET", "/instances", false, r -> Response.json(200, agent.instances()));
        add("GET", "/jobs", false, r -> Response.json(200, agent.jobs(r.queryInt("limit", 50, 1, 10_000))));
        add("GET", "/jobs/(\\d{1,18})", false, r -> Response.json(200, agent.job(Long.parseLong(r.pathParam(0)))));
        add("GET", "/audit", false, r -> Response.json(200, agent.audit(r.queryInt("limit", 100, 1, 10_000))));
        add("GET", "/metrics", false, r -> Response.text(200, Response.PROMETHEUS, agent.meters().scrape()));
        add("POST", "/migrations/([^/]+)/phase", false, this::phase);
        add("GET", "/rollouts", false, r -> Response.json(200, agent.rollouts()));
        add("POST", "/migrations/([^/]+)/rollout", false, this::rollout);
        add("POST", "/migrations/([^/]+)/rollout/(pause|resume|abort)", false, r -> {
            r.body().only();
            return Response.json(200, agent.controlRollout(r.pathParam(0), r.pathParam(1), r.actor()));
        });
        add("POST", "/reload", false, r -> {
            r.body().only();
            return Response.json(200, agent.reload(r.actor()));
        });
        add("POST", "/backfill", false, this::backfill);
        add("POST", "/reconcile", false, this::reconcile);
        add("POST", "/jobs/(\\d{1,18})/(pause|resume|cancel)", false, r -> {
            r.body().only();
            return Response.json(200, agent.controlJob(Long.parseLong(r.pathParam(0)), r.pathParam(1), r.actor()));
        });
    }

    void add(String method, String path, boolean open, Handler handler) {
        routes.add(new Route(method, Pattern.compile(path), open, handler));
    }

    List<Route> all() {
        return routes;
    }

    private Response phase(Request r) {
        Json.Body body = r.body().only("phase", "force", "reason");
        String name = body.text("phase", true);
        Phase target = Phase.parse(name);
        if (target == null) {
            throw new AgentException(AgentException.Kind.INVALID, "Unknown phase '" + name + "'; phases: "
                + Arrays.toString(Phase.values()));
        }
        boolean force = body.bool("force");
        String reason = body.text("reason", false);
        if (force && reason == null) {
            throw new AgentException(AgentException.Kind.INVALID,
                "A forced phase change needs a reason: add \"reason\" to the request body; it goes to the audit table");
        }
        return Response.json(200, agent.phase(r.pathParam(0), target, force, reason, r.actor()));
    }

    private Response rollout(Request r) {
        Json.Body body = r.body().only("steps", "intervalSeconds", "shadowRead");
        RolloutOptions options = agent.rolloutOptions(r.pathParam(0));
        List<Integer> steps = body.ints("steps");
        if (steps != null) {
            List<String> problems = RolloutOptions.stepProblems(steps, "steps");
            if (!problems.isEmpty()) {
                throw new AgentException(AgentException.Kind.INVALID, String.join("; ", problems));
            }
            options = options.withSteps(steps);
        }
        Long interval = body.number("intervalSeconds", 1, 86_400);
        if (interval != null) {
            options = options.withIntervalSeconds(interval);
        }
        return Response.json(202, agent.startRollout(r.pathParam(0), options, body.bool("shadowRead"), r.actor()));
    }

    private Response backfill(Request r) {
        Json.Body body = r.body().only("migration", "reverse", "targetChunkMillis", "maxRowsPerSecond",
            "initialChunkRows");
        String migration = body.text("migration", true);
        boolean reverse = body.bool("reverse");
        return Response.json(202, agent.startBackfill(migration, reverse, jobOptions(body), r.actor()));
    }

    private Response reconcile(Request r) {
        Json.Body body = r.body().only("migration", "repair", "targetChunkMillis", "maxRowsPerSecond",
            "initialChunkRows", "parallelism");
        String migration = body.text("migration", true);
        boolean repair = body.bool("repair");
        JobOptions options = jobOptions(body);
        Long parallelism = body.number("parallelism", 1, JobOptions.MAX_RECONCILE_PARALLELISM);
        if (parallelism != null) {
            options = options.withReconcileParallelism(parallelism.intValue());
        }
        return Response.json(202, agent.startReconcile(migration, repair, options, r.actor()));
    }

    /** The agent's job defaults with the request's overrides. */
    private JobOptions jobOptions(Json.Body body) {
        JobOptions options = agent.config().jobs();
        Long chunkMillis = body.number("targetChunkMillis", 1, 60_000);
        Long maxRate = body.number("maxRowsPerSecond", 0, Long.MAX_VALUE);
        Long chunkRows = body.number("initialChunkRows", 1, 1_000_000);
        if (chunkMillis != null) {
            options = options.withTargetChunkMillis(chunkMillis);
        }
        if (maxRate != null) {
            options = options.withMaxRowsPerSecond(maxRate);
        }
        if (chunkRows != null) {
            options = options.withInitialChunkRows(chunkRows.intValue());
        }
        return options;
    }

    /**
     * Healthy when the agent can read its control tables. Open to anyone, so a failure says only which part
     * failed; the cause is in the log.
     */
    private Response health() {
        try {
            agent.checkDatabase();
            return Response.json(200, Map.of("status", "ok", "database", "ok"));
        } catch (RuntimeException e) {
            LOG.warn("Health check: the database is unavailable: {}", e.getMessage());
            return Response.json(503, Map.of("status", "unavailable", "database", "cannot read the control tables; "
                + "see the agent's log"));
        }
    }
}
