package io.vigie.e2e;

import com.mongodb.client.MongoClients;
import io.vigie.core.testing.TcpProxy;
import io.vigie.simulator.Main;
import io.vigie.simulator.api.Endpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The four packaged services, started by the tests as {@code ./platform up} starts them (production profile, the
 * configuration from the environment), on ports of their own (1808x, MQTT 18830), with their own databases
 * ({@code *_e2e}, emptied at the first start of the run), MongoDB database ({@code vigie_e2e}) and consumer groups
 * ({@code -e2e}). A test may kill one with SIGKILL and start it again. Logs: {@code .platform/logs/e2e-<service>.log}.
 */
public final class Services {

    public enum Service {
        REGISTRY("device-registry", 18081, "vigie_registry"),
        INGESTION("ingestion-service", 18082, null),
        ALERTING("alerting-service", 18083, "vigie_alerting"),
        PATIENT("patient-service", 18084, "vigie_patient"),
        /** A second alerting instance (same database, same evaluator group), started by the tests that scale out. */
        ALERTING_SECOND("alerting-service", 18085, "vigie_alerting", false);

        /** The services the suite starts and keeps running. */
        public static final List<Service> STANDING = java.util.Arrays.stream(values()).filter(s -> s.standing).toList();

        final String module;
        final int port;
        final String db;
        final boolean standing;

        Service(String module, int port, String db) {
            this(module, port, db, true);
        }

        Service(String module, int port, String db, boolean standing) {
            this.module = module;
            this.port = port;
            this.db = db;
            this.standing = standing;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    public static final int MQTT_PORT = 18830;
    public static final Path ROOT = Path.of(System.getProperty("vigie.root", "..")).toAbsolutePath().normalize();
    static final String ISSUER = System.getProperty("vigie.oidc.issuer", "http://127.0.0.1:8180/realms/vigie");
    static final String MONGO = System.getenv().getOrDefault("MONGODB_URI", "mongodb://127.0.0.1:27017");
    public static final String MONGO_DATABASE = "vigie_e2e";

    private static Services instance;

    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    /** Each database service reaches PostgreSQL through a proxy a test can cut (its Flyway migrations do not). */
    private final Map<Service, TcpProxy> databases = new EnumMap<>(Service.class);
    /** The collector the services export their spans to (OTLP over HTTP), in memory. */
    public static final OtlpReceiver TRACES = new OtlpReceiver();
    /** The suite's topic namespace (see the failsafe configuration). */
    public static final String TOPIC_PREFIX = System.getProperty("vigie.kafka.topic-prefix", "e2e.");

    /** The running services, started (on empty databases) on first use in this JVM; stopped when it exits. */
    public static synchronized Services get() {
        if (instance == null) {
            instance = new Services();
            try (var mongo = MongoClients.create(MONGO)) {
                mongo.getDatabase(MONGO_DATABASE).drop();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll));
            for (Service s : Service.values()) {
                if (s.db != null) {
                    instance.databases.put(s, new TcpProxy("127.0.0.1", 5432));
                }
            }
            resetTopics();
            Instant start = Instant.now();
            for (Service s : Service.STANDING) {
                instance.start(s, true);
            }
            for (Service s : Service.STANDING) {
                instance.awaitReady(s, Duration.ofSeconds(120));
            }
            log("four services ready in " + Duration.between(start, Instant.now()).toSeconds() + " s");
        }
        return instance;
    }

    /**
     * The e2e databases start empty, and so do the suite's topics: every topic of the catalogue in the e2e namespace is
     * deleted and created again before the services start, so what an earlier run left there is not this run's business
     * (no consumer group needs positioning), and a restarted service resumes from its group's commits as in production.
     */
    static void resetTopics() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092"));
        List<NewTopic> catalogue = catalogue();
        List<String> names = catalogue.stream().map(NewTopic::name).toList();
        Instant start = Instant.now();
        try (Admin admin = Admin.create(p)) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            // the catalogue's topics, and the evaluator's internal ones (changelogs of its state, named after its application id)
            List<String> old = existing.stream().filter(t -> names.contains(t) || t.startsWith(TOPIC_PREFIX + "alerting-evaluator-")).toList();
            admin.deleteTopics(old).all().get(60, TimeUnit.SECONDS);
            while (true) { // a deleted topic can be created again once the controller has forgotten it
                java.util.Set<String> now = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                List<NewTopic> missing = catalogue.stream().filter(t -> !now.contains(t.name())).toList();
                if (missing.isEmpty()) {
                    break;
                }
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) || Duration.between(start, Instant.now()).toSeconds() > 60) {
                        throw e;
                    }
                    Main.sleep(250);
                }
            }
            log("e2e topics (" + TOPIC_PREFIX + "*) reset: " + old.size() + " deleted, " + names.size() + " created in "
                    + Duration.between(start, Instant.now()).toMillis() + " ms");
        } catch (Exception e) {
            throw new IllegalStateException("could not reset the e2e topics (is Kafka up? ./platform infra up): " + e.getMessage(), e);
        }
    }

    /** The catalogue (events' topics.tsv) in the e2e namespace. */
    static List<NewTopic> catalogue() {
        try (var in = Services.class.getResourceAsStream("/topics.tsv")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t")).map(f -> new NewTopic(TOPIC_PREFIX + f[0], Integer.parseInt(f[1]), (short) 1)
                            .configs(Map.of("cleanup.policy", f[2], "retention.ms", f[3])))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Endpoints endpoints() {
        return new Endpoints(Service.REGISTRY.url(), Service.INGESTION.url(), Service.ALERTING.url(), Service.PATIENT.url(), "127.0.0.1", MQTT_PORT);
    }

    /** Instances started at least once in this run (an extra instance's local state from an earlier run is not this run's). */
    private final java.util.Set<Service> started = java.util.EnumSet.noneOf(Service.class);

    /** Starts a service; {@code clean}: its database is emptied first (Flyway clean, then migrate). */
    public synchronized void start(Service s, boolean clean) {
        if (started.add(s) && s.module.equals(Service.ALERTING.module)) {
            deleteTree(alertingState(s));
        }
        Path jar = ROOT.resolve(s.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn -B package -DskipTests, or run ./platform test)");
        }
        Path log = ROOT.resolve(".platform/logs/e2e-" + logName(s) + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder("java", "-Xms64m", "-Xmx256m", "-Dvigie.platform=" + ROOT, "-jar", jar.toString())
                    .redirectErrorStream(true).redirectOutput(clean ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(environment(s, clean));
            processes.put(s, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + s.module, e);
        }
    }

    Map<String, String> environment(Service s, boolean clean) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(s.port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", System.getProperty("kafka.bootstrap.servers", "127.0.0.1:9092"));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", ISSUER);
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", "dev-only-" + s.module + "-secret");
        env.put("VIGIE_KAFKA_GROUP_SUFFIX", "-e2e");
        env.put("VIGIE_KAFKA_TOPIC_PREFIX", TOPIC_PREFIX);
        // spans exported as a hospital would configure it: OTLP to a collector (here the suite's in-memory receiver)
        env.put("VIGIE_OTEL_EXPORT", "true");
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", TRACES.endpoint());
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        if (s.db != null) {
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + databases.get(s).port() + "/" + s.db + "_e2e");
            env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + s.db + "_e2e");
            env.put("QUARKUS_DATASOURCE_USERNAME", s.db);
            env.put("QUARKUS_DATASOURCE_PASSWORD", "dev-only-" + s.module);
            if (clean) {
                env.put("QUARKUS_FLYWAY_CLEAN_DISABLED", "false");
                env.put("QUARKUS_FLYWAY_CLEAN_AT_START", "true");
            }
        }
        switch (s) {
            case INGESTION -> {
                env.put("QUARKUS_MONGODB_CONNECTION_STRING", MONGO);
                env.put("QUARKUS_MONGODB_DATABASE", MONGO_DATABASE);
                env.put("VIGIE_MQTT_PORT", String.valueOf(MQTT_PORT));
                env.put("VIGIE_MQTT_TLS_PORT", String.valueOf(MQTT_PORT + 1));
            }
            case ALERTING, ALERTING_SECOND -> {
                env.put("VIGIE_ALERTING_ESCALATION_DELAY", "PT4S");
                env.put("VIGIE_ALERTING_EVALUATOR_TIMER_INTERVAL", "1s");
                // the evaluator's local state (RocksDB) for this instance: a restart finds it, a fresh run starts empty
                // as the topics it was restored from do
                env.put("VIGIE_ALERTING_STATE_DIR", alertingState(s).toString());
                if (clean) {
                    deleteTree(alertingState(s));
                }
            }
            case PATIENT -> {
                env.put("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET", "dev-only-patient-service-secret");
                env.put("QUARKUS_REST_CLIENT_INGESTION_URL", Service.INGESTION.url());
                env.put("QUARKUS_REST_CLIENT_ALERTING_URL", Service.ALERTING.url());
            }
            default -> {
            }
        }
        return env;
    }

    /** Each alerting instance's own state directory, as each pod has its own volume. */
    static Path alertingState(Service s) {
        return ROOT.resolve(".platform/e2e-state/" + logName(s));
    }

    static String logName(Service s) {
        return s.standing ? s.module : s.module + "-" + s.name().toLowerCase().replace('_', '-');
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + dir, e);
        }
    }

    /** The proxy between a database service and PostgreSQL: {@code cut()} is a database outage for that service alone. */
    public TcpProxy database(Service s) {
        return databases.get(s);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye — as a crashed JVM or an OOM-killed pod. */
    public synchronized void kill(Service s) {
        Process p = processes.remove(s);
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log(logName(s) + " killed (SIGKILL, exit " + p.exitValue() + ")");
        }
    }

    /** Starts a killed service again, or one more instance (same database), and waits until it is ready. */
    public void restart(Service s) {
        Instant t = Instant.now();
        start(s, false);
        awaitReady(s, Duration.ofSeconds(120));
        log(logName(s) + " (re)started and ready in " + Duration.between(t, Instant.now()).toMillis() + " ms");
    }

    public void awaitReady(Service s, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Process p = processes.get(s);
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(s.module + " exited while starting: see .platform/logs/e2e-" + logName(s) + ".log");
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(s.module + " not ready after " + timeout.toSeconds() + " s: see .platform/logs/e2e-" + logName(s) + ".log");
            }
            Main.sleep(250);
        }
    }

    synchronized void stopAll() {
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    /** Runs a {@code ./platform} command (e.g. infra kafka stop) and fails the test if it fails. */
    public static void platform(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("platform").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("./platform " + String.join(" ", args) + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void log(String message) {
        System.out.println("[e2e " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
