package io.vigie.simulator.ward;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.simulator.api.AlertFeed;
import io.vigie.simulator.api.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the terminal shows while the ward runs: readings per second acknowledged, open alerts per priority, the last
 * alert changes (ids, rule, priority — never a patient's name), and the calls to try. Written every second to
 * {@code summary.txt}, which {@code ./platform up} displays.
 */
public final class Summary {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    static final List<String> PRIORITIES = List.of("HIGH", "MEDIUM", "LOW");

    private final Ward ward;
    private final Stats stats;
    private final Api api;
    private final Path file;
    private final Instant started = Instant.now();
    private final Deque<String> last = new ArrayDeque<>();
    private final Map<String, Long> open = new LinkedHashMap<>();
    private long lastAcked;
    private Instant lastAt = Instant.now();
    private double rate;
    private String status = "";

    public Summary(Ward ward, Stats stats, Api api, Path file) {
        this.ward = ward;
        this.stats = stats;
        this.api = api;
        this.file = file;
    }

    public synchronized void onAlert(AlertFeed.Change c) {
        last.addFirst(String.format(Locale.ROOT, "  %s  %-10s %-7s %-26s alert %s  patient %s", TIME.format(c.receivedAt()), c.change(),
                c.priority(), c.ruleKey(), c.alertId().substring(0, 8), c.patientId().substring(0, 8)));
        while (last.size() > 8) {
            last.removeLast();
        }
    }

    /** Open (and acknowledged) alerts per priority, as clinician-both sees them in both hospitals. */
    public void refreshOpenAlerts() {
        for (String p : PRIORITIES) {
            try {
                JsonNode page = api.get("clinician-both", api.alerting("/api/v1/alerts?status=OPEN&status=ACKNOWLEDGED&size=1&priority=" + p));
                synchronized (this) {
                    open.put(p, page.path("total").asLong());
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    status = "alerting not answering: " + e.getMessage();
                }
                return;
            }
        }
        synchronized (this) {
            status = "";
        }
    }

    public synchronized String render() {
        Instant now = Instant.now();
        long acked = stats.readingsAcked.sum();
        double seconds = Math.max(0.001, Duration.between(lastAt, now).toMillis() / 1000.0);
        rate = 0.5 * rate + 0.5 * ((acked - lastAcked) / seconds);
        lastAcked = acked;
        lastAt = now;
        long up = Duration.between(started, now).toSeconds();
        Ward.Patient some = ward.patients().get(0);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Vigie simulated ward: %d patients, %d devices in %s; running %02d:%02d:%02d (updated %s)%n",
                ward.patients().size(), ward.devices().size(), String.join(" and ", Onboarding.HOSPITALS), up / 3600, up / 60 % 60, up % 60,
                TIME.format(now)));
        b.append(String.format(Locale.ROOT, "  readings/s acknowledged: %.1f   sent %d   acknowledged %d   events acknowledged %d   "
                + "HTTP 202 %d / failed %d   MQTT refused %d, reconnects %d%n", rate, stats.readingsSent.sum(), acked, stats.eventsAcked.sum(),
                stats.httpAccepted.sum(), stats.httpFailed.sum(), stats.connectRefused.sum(), stats.reconnects.sum()));
        b.append("  alerts open or acknowledged:");
        PRIORITIES.forEach(p -> b.append(String.format("  %s %s", p, open.containsKey(p) ? open.get(p) : "?")));
        b.append(status.isEmpty() ? "" : "   (" + status + ")").append(System.lineSeparator());
        b.append("  last alert changes (time, change, priority, rule, ids):").append(System.lineSeparator());
        if (last.isEmpty()) {
            b.append("  (none yet: the scripted deteriorations start 30 s into each cycle)").append(System.lineSeparator());
        }
        last.forEach(l -> b.append(l).append(System.lineSeparator()));
        b.append("  try:").append(System.lineSeparator());
        b.append("    curl -s -H \"Authorization: Bearer $(./platform token clinician-nord)\" ").append(api.alerting("/api/v1/alerts/worklist"))
                .append(System.lineSeparator());
        b.append("    curl -s -H \"Authorization: Bearer $(./platform token clinician-nord)\" -H 'X-Purpose: care' ")
                .append(api.ingestion("/api/v1/patients/" + some.id() + "/vitals/latest")).append(System.lineSeparator());
        return b.toString();
    }

    public void write() {
        String text = render();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("summary not written: " + e.getMessage());
        }
    }
}
