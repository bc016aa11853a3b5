package io.vigie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.vigie.core.testing.KafkaProbe;
import io.vigie.events.Topics;
import io.vigie.simulator.Main;
import io.vigie.simulator.api.Api;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import io.vigie.simulator.ward.Ward;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;

/**
 * Devices publishing QoS 1 while something breaks, and the accounting afterwards: every reading whose PUBACK a device
 * received must be in Kafka and stored in MongoDB exactly once.
 */
final class Load implements AutoCloseable {

    /** What a run sent, got acknowledged, and what Kafka and MongoDB hold. */
    record Report(long sent, long acked, long inKafka, long kafkaDuplicates, long stored, long storedDuplicates, long lost) {
        @Override
        public String toString() {
            return "sent " + sent + ", acknowledged " + acked + ", in Kafka " + inKafka + " (+" + kafkaDuplicates + " duplicates before dedup), stored "
                    + stored + " (duplicates " + storedDuplicates + "), lost " + lost;
        }
    }

    private final List<Ward.Device> devices;
    private final List<DeviceLink> links = new ArrayList<>();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    final List<Instant> ackTimes = new CopyOnWriteArrayList<>();
    private final KafkaProbe accepted = KafkaProbe.fromNow(Topics.READING_ACCEPTED);
    private final String run = Long.toString(System.nanoTime(), 36);

    Load(List<Ward.Device> devices, int window) {
        this.devices = devices;
        for (Ward.Device d : devices) {
            links.add(E2e.connect(d, window, new DeviceLink.Listener() {
                @Override
                public void acked(DeviceLink.Message m, long latencyNanos) {
                    acked.add((String) m.tag());
                    ackTimes.add(Instant.now());
                }
            }));
        }
    }

    /** One reading from every device. */
    void tick(int i) {
        Instant now = Instant.now();
        for (int k = 0; k < devices.size(); k++) {
            Ward.Device d = devices.get(k);
            String id = run + "-" + i;
            String key = d.id() + "/" + id;
            sent.add(key);
            links.get(k).send(Payloads.readingsTopic(d.id()), Payloads.readings(i, List.of(Reading.value(id, "29463-7", 70 + (i % 10) / 10.0, "kg", now))),
                    1, key);
        }
    }

    /** Sends a reading from every device every {@code period} until {@code until}, running {@code during} at {@code at}. */
    void run(Duration period, Duration total, Map<Duration, Runnable> during) {
        Instant start = Instant.now();
        Map<Duration, Runnable> pending = new HashMap<>(during);
        int i = 0;
        while (Duration.between(start, Instant.now()).compareTo(total) < 0) {
            tick(i++);
            Duration elapsed = Duration.between(start, Instant.now());
            for (Map.Entry<Duration, Runnable> e : Map.copyOf(pending).entrySet()) {
                if (elapsed.compareTo(e.getKey()) >= 0) {
                    pending.remove(e.getKey());
                    e.getValue().run();
                }
            }
            Main.sleep(period.toMillis());
        }
    }

    /** Waits until every device has no unacknowledged message (they reconnect and resend as needed). */
    void drain(Duration timeout) {
        E2e.await("every message acknowledged", timeout, () -> links.stream().allMatch(l -> l.unacknowledged() == 0) && acked.size() == sent.size());
    }

    Report report(Duration timeout) {
        // Kafka: every acknowledged reading, possibly more than once (a PUBACK lost in a crash makes the device resend)
        Map<String, Integer> inKafka = new ConcurrentHashMap<>();
        Set<String> ours = Set.copyOf(sent);
        accepted.await(r -> {
            String key = key(r.value());
            if (ours.contains(key)) {
                inKafka.merge(key, 1, Integer::sum);
            }
            return inKafka.keySet().containsAll(acked);
        }, timeout);
        long kafkaDuplicates = inKafka.values().stream().mapToLong(n -> n - 1).sum();
        // MongoDB: stored exactly once (unique reading id)
        Map<String, Integer> stored = new HashMap<>();
        try (MongoClient mongo = MongoClients.create(Services.MONGO)) {
            List<String> ids = devices.stream().map(d -> d.id().toString()).toList();
            E2e.await("readings stored", timeout, () -> {
                stored.clear();
                for (Document d : mongo.getDatabase(Services.MONGO_DATABASE).getCollection("readings")
                        .find(Filters.in("deviceId", ids)).projection(Projections.include("deviceId", "deviceReadingId"))) {
                    String key = d.getString("deviceId") + "/" + d.getString("deviceReadingId");
                    if (ours.contains(key)) {
                        stored.merge(key, 1, Integer::sum);
                    }
                }
                return stored.keySet().containsAll(acked);
            });
        }
        long storedDuplicates = stored.values().stream().mapToLong(n -> n - 1).sum();
        long lost = acked.stream().filter(k -> !stored.containsKey(k) || !inKafka.containsKey(k)).count();
        return new Report(sent.size(), acked.size(), inKafka.size(), kafkaDuplicates, stored.size(), storedDuplicates, lost);
    }

    static String key(String json) {
        try {
            JsonNode r = Api.JSON.readTree(json);
            return r.path("deviceId").asText() + "/" + r.path("deviceReadingId").asText();
        } catch (Exception e) {
            return "";
        }
    }

    @Override
    public void close() {
        links.forEach(l -> {
            l.reconnect(false);
            l.close();
        });
        accepted.close();
    }
}
