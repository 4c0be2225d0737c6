package dev.tandem.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the numbers were measured on: CPU, cores, memory and OS as Linux reports them, and the JVM. */
final class Machine {
    private Machine() {
    }

    /** Markdown list items describing this machine; {@code jvm} is the benchmark JVM as JMH recorded it. */
    static List<String> describe(String jvm, List<String> jvmArgs) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown") + ", "
            + Runtime.getRuntime().availableProcessors() + " cores available (nproc)");
        lines.add("Memory: " + firstValue(Path.of("/proc/meminfo"), "MemTotal").map(Machine::gibibytes)
            .orElse("unknown"));
        lines.add("OS: " + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map(v -> v.replace("\"", ""))
            .orElse(System.getProperty("os.name")) + ", kernel " + System.getProperty("os.version") + " ("
            + System.getProperty("os.arch") + ")");
        lines.add("Java: " + jvm + (jvmArgs.isEmpty() ? "" : ", benchmark JVMs run with `"
            + String.join(" ", jvmArgs) + "`"));
        return lines;
    }

    /**
     * The 1-minute load average sampled during the run (one number a line). The benchmarks load the
     * machine themselves (four client threads and four server backends in the end-to-end runs), so this
     * only hints at other work competing for the CPU; the notes say what is known about a run.
     */
    static String load(Path samples) {
        List<Double> values = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(samples)) {
                if (!line.isBlank()) {
                    values.add(Double.parseDouble(line.trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "Load average during the run: not recorded";
        }
        if (values.isEmpty()) {
            return "Load average during the run: not recorded";
        }
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return String.format(Locale.ROOT, "Load average (1 min) sampled during the run: mean %.1f, max %.1f on %d "
            + "cores (the benchmark's own threads and database server included)", mean, max,
            Runtime.getRuntime().availableProcessors());
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
                if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
                    return Optional.of(line.substring(sep + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: described as unknown
        }
        return Optional.empty();
    }

    /** "24608348 kB" as "23.5 GiB". */
    private static String gibibytes(String meminfo) {
        try {
            long kb = Long.parseLong(meminfo.replaceAll("[^0-9]", ""));
            return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        } catch (NumberFormatException e) {
            return meminfo;
        }
    }
}
