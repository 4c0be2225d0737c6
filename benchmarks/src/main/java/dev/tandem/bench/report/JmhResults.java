package dev.tandem.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The results of one JMH run ({@code -rf json}), found by benchmark class, method and parameters. */
final class JmhResults {

    /** One benchmark with one set of parameters. */
    record Result(String className, String method, Map<String, String> params, int threads, int forks,
                  int warmupIterations, String warmupTime, int measurementIterations, String measurementTime,
                  String unit, Measurement measurement, Map<String, Double> secondary, String jdkVersion,
                  String vmName, String vmVersion, List<String> jvmArgs) {
    }

    private final List<Result> results;

    private JmhResults(List<Result> results) {
        this.results = results;
    }

    static JmhResults read(Path json) throws IOException {
        List<Result> results = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            String benchmark = r.path("benchmark").asText();
            int dot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            List<Double> iterations = new ArrayList<>();
            for (JsonNode fork : r.path("primaryMetric").path("rawData")) {
                for (JsonNode v : fork) {
                    iterations.add(v.asDouble());
                }
            }
            Map<String, Double> secondary = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("secondaryMetrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                secondary.put(e.getKey(), e.getValue().path("score").asDouble());
            }
            List<String> jvmArgs = new ArrayList<>();
            r.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
            results.add(new Result(className, benchmark.substring(dot + 1), params, r.path("threads").asInt(),
                r.path("forks").asInt(), r.path("warmupIterations").asInt(), r.path("warmupTime").asText(),
                r.path("measurementIterations").asInt(), r.path("measurementTime").asText(),
                r.path("primaryMetric").path("scoreUnit").asText(), Measurement.of(iterations), secondary,
                r.path("jdkVersion").asText(), r.path("vmName").asText(), r.path("vmVersion").asText(), jvmArgs));
        }
        return new JmhResults(results);
    }

    List<Result> all() {
        return results;
    }

    boolean isEmpty() {
        return results.isEmpty();
    }

    /** The result of {@code className.method} whose parameters include all of {@code params}. */
    Optional<Result> find(String className, String method, Map<String, String> params) {
        for (Result r : results) {
            if (r.className().equals(className) && r.method().equals(method)
                && r.params().entrySet().containsAll(params.entrySet())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** A secondary metric (such as {@code gc.alloc.rate.norm} from {@code -prof gc}) of the first match. */
    Optional<Double> secondary(List<String> classNames, String method, Map<String, String> params, String metric) {
        for (String c : classNames) {
            Optional<Result> r = find(c, method, params);
            if (r.isPresent()) {
                return Optional.ofNullable(r.get().secondary().get(metric));
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find}, searching several benchmark classes in turn. */
    Optional<Measurement> measurement(List<String> classNames, String method, Map<String, String> params) {
        for (String c : classNames) {
            Optional<Result> r = find(c, method, params);
            if (r.isPresent()) {
                return Optional.of(r.get().measurement());
            }
        }
        return Optional.empty();
    }
}
