package io.vigie.simulator.bench;

import io.vigie.simulator.Main;
import io.vigie.simulator.api.Api;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code simulator.jar bench ingest|kafka|alerts|evaluator [--option value]…}: the benchmarks. Each prints its progress, writes
 * its result as JSON to {@code --out} (default {@code .platform/bench}) as {@code <name>-<timestamp>.json} and
 * {@code <name>.json} (the latest), and ends with one summary line. They measure; they assert nothing.
 */
public final class Bench {

    private Bench() {
    }

    /** A benchmark's result: its parameters, its measurements and the one line that sums it up. */
    public record Result(String name, Map<String, Object> parameters, Map<String, Object> results, String summary) {
    }

    public static int run(String[] args) {
        String what = args.length > 0 ? args[0] : "";
        Map<String, String> o;
        try {
            o = Main.options(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Path out = Path.of(o.getOrDefault("out", ".platform/bench"));
        try {
            Result r = switch (what) {
                case "ingest" -> IngestBench.run(o, out);
                case "kafka" -> KafkaBench.run(o, out);
                case "alerts" -> AlertsBench.run(o, out);
                case "evaluator" -> EvaluatorBench.run(o, out);
                default -> null;
            };
            if (r == null) {
                System.err.println("usage: bench ingest|kafka|alerts|evaluator [--option value]… (see docs/performance.md)");
                return 2;
            }
            Path file = save(out, r);
            System.out.println(r.summary() + "  (" + file + ")");
            return 0;
        } catch (Exception e) {
            StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                why.append(": ").append(c.getMessage());
            }
            System.err.println("benchmark " + what + " failed: " + why);
            System.err.println("Are the services running (./platform status)? Logs of the services are in .platform/logs.");
            return 1;
        }
    }

    static Path save(Path dir, Result r) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", r.name());
        doc.put("finishedAt", Instant.now().toString());
        doc.put("machine", machine());
        doc.put("parameters", r.parameters());
        doc.put("results", r.results());
        doc.put("summary", r.summary());
        Files.createDirectories(dir);
        String json = Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        Path file = dir.resolve(r.name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".json");
        Files.writeString(file, json);
        Files.writeString(dir.resolve(r.name() + ".json"), json);
        return file;
    }

    /** What the numbers were measured on. */
    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", cpuModel());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            m.put("memoryGiB", Math.round(os.getTotalMemorySize() / 1073741824.0 * 10) / 10.0);
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static int intOption(Map<String, String> o, String key, int fallback) {
        return Integer.parseInt(o.getOrDefault(key, String.valueOf(fallback)));
    }

    static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
    }

}
