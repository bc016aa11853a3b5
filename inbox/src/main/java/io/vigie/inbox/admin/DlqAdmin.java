package io.vigie.inbox.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.vigie.core.messaging.KafkaSettings;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.security.Caller;
import io.vigie.events.Topics;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.inbox.ConsumerState;
import io.vigie.inbox.DeadLetters;
import io.vigie.inbox.Inbox;
import io.vigie.inbox.InboxConfig;
import io.vigie.inbox.admin.DlqViews.DeadLetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads this service's DLQ topics (the dead letters of its own consumers) and puts chosen ones back on their
 * original topic. A replay writes a marker next to the dead letter, so a second replay of the same one is skipped
 * unless forced; consumers skip an event they already processed, so a replay is idempotent by event id either way.
 * Every replay is audited.
 */
@ApplicationScoped
public class DlqAdmin {

    private static final int MAX_LISTED = 500;

    private final Inbox inbox;
    private final KafkaSettings kafka;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;
    private final InboxConfig config;
    private final String service;
    private final List<DeadLetteringConsumer> others;

    public DlqAdmin(Inbox inbox, KafkaSettings kafka, DeadLetters deadLetters, ObjectMapper json, InboxConfig config,
            @Any Instance<DeadLetteringConsumer> others, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.inbox = inbox;
        this.others = others.stream().toList();
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.json = json;
        this.config = config;
        this.service = service;
    }

    public DlqViews.Overview overview() {
        List<DlqViews.Consumer> consumers = inbox.states().stream().map(this::view).toList();
        List<DlqViews.Topic> topics = new ArrayList<>();
        for (String dlq : dlqTopics()) {
            List<DeadLetter> all = read(dlq);
            long pending = all.stream().filter(d -> d.replayed() == null).count();
            List<DeadLetter> listed = all.size() > MAX_LISTED ? all.subList(all.size() - MAX_LISTED, all.size()) : all;
            topics.add(new DlqViews.Topic(dlq, dlq.substring(0, dlq.length() - ".dlq".length()), all.size(), pending, listed));
        }
        return new DlqViews.Overview(service, consumers, topics);
    }

    private DlqViews.Consumer view(ConsumerState s) {
        ConsumerState.Retrying r = s.retrying();
        String state = !s.running() ? "stopped" : r == null ? "ok" : s.stuckSeconds() >= config.unreadyAfter().toSeconds() ? "stuck" : "retrying";
        return new DlqViews.Consumer(s.name(), s.topic(), s.group(), s.running(), state, s.stuckSeconds(), r == null ? null : r.cause(),
                r == null ? null : r.record(), s.processed(), s.duplicates(), s.deadLettered());
    }

    /** The physical DLQ topics of this service's consumers. */
    public Set<String> dlqTopics() {
        Set<String> out = new LinkedHashSet<>();
        inbox.consumers().values().forEach(c -> out.add(inbox.topics().dlq(c.topic())));
        others.forEach(o -> o.topics().forEach(t -> out.add(inbox.topics().dlq(t))));
        return out;
    }

    public DlqViews.ReplayResult replay(String dlq, DlqViews.ReplayRequest request, Caller caller) {
        if (!dlqTopics().contains(dlq)) {
            throw ProblemException.notFound("DLQ topic of this service", dlq);
        }
        String original = dlq.substring(0, dlq.length() - ".dlq".length());
        if (compacted(original)) { // a replayed state would become the newest of its key, over the real one
            throw ProblemException.conflict("state-topic-not-replayed", original + " is a compacted state topic: a dead letter there is not "
                    + "replayed (it would replace the current state of its key). Fix the cause, then have the owner publish the current state again.");
        }
        Set<String> wanted = request.offsets() == null ? Set.of() : new LinkedHashSet<>(request.offsets());
        boolean force = Boolean.TRUE.equals(request.force());
        List<DeadLetter> chosen = new ArrayList<>();
        List<DlqViews.Skipped> skipped = new ArrayList<>();
        Map<String, ConsumerRecord<String, byte[]>> raw = new HashMap<>();
        List<DeadLetter> letters = read(dlq, raw);
        Set<String> found = new LinkedHashSet<>();
        for (DeadLetter d : letters) {
            String at = d.partition() + ":" + d.offset();
            boolean selected = request.offsets() != null ? wanted.contains(at)
                    : d.deadLetteredAt() != null && !d.deadLetteredAt().isBefore(request.from()) && d.deadLetteredAt().isBefore(request.to());
            if (!selected) {
                continue;
            }
            found.add(at);
            if (d.replayed() != null && !force) {
                skipped.add(new DlqViews.Skipped(d.partition(), d.offset(), "already replayed at " + d.replayed().at() + " by " + d.replayed().by()));
                continue;
            }
            chosen.add(d);
        }
        wanted.stream().filter(w -> !found.contains(w)).forEach(w -> {
            String[] p = w.split(":");
            skipped.add(new DlqViews.Skipped(Integer.parseInt(p[0]), Long.parseLong(p[1]), "no dead letter of this service's consumers there"));
        });
        audit(dlq, chosen, caller); // before anything is put back: a replay is never done without being audited
        for (DeadLetter d : chosen) {
            putBack(dlq, raw.get(d.partition() + ":" + d.offset()), d, caller.actor().id());
        }
        Log.infof("dlq: %d dead letters of %s put back on their topic by %s (%d skipped)", chosen.size(), dlq, caller.actor().id(), skipped.size());
        return new DlqViews.ReplayResult(dlq, chosen, skipped);
    }

    private boolean compacted(String topic) {
        Map<String, Object> settings = kafka.with(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, service + "-dlq-admin"));
        try (Admin admin = Admin.create(settings)) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config c = admin.describeConfigs(List.of(r)).all().get(10, TimeUnit.SECONDS).get(r);
            ConfigEntry policy = c == null ? null : c.get("cleanup.policy");
            return policy != null && policy.value() != null && policy.value().contains("compact");
        } catch (Exception e) {
            throw ProblemException.unavailable("Kafka cannot say whether " + topic + " is a state topic now (" + e.getClass().getSimpleName()
                    + "): retry.", 5);
        }
    }

    /** The dead letter back on its topic (key, value, headers but ours), then the marker beside it; both acknowledged. */
    private void putBack(String dlq, ConsumerRecord<String, byte[]> r, DeadLetter d, String by) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : r.headers()) {
            if (!h.key().startsWith("vigie-dlq-")) {
                headers.add(h);
            }
        }
        headers.add(DeadLetters.REPLAYED_FROM, (dlq + "/" + d.partition() + ":" + d.offset()).getBytes(StandardCharsets.UTF_8));
        await(deadLetters.send(new ProducerRecord<>(d.originalTopic(), null, r.key(), r.value(), headers)));
        RecordHeaders marker = new RecordHeaders();
        marker.add(DeadLetters.REPLAY_OF, (d.partition() + ":" + d.offset()).getBytes(StandardCharsets.UTF_8));
        marker.add(DeadLetters.REPLAYED_BY, by.getBytes(StandardCharsets.UTF_8));
        marker.add(DeadLetters.CONSUMER, d.consumer().getBytes(StandardCharsets.UTF_8));
        await(deadLetters.send(new ProducerRecord<>(dlq, d.partition(), r.key(), null, marker)));
    }

    private void audit(String dlq, List<DeadLetter> replayed, Caller caller) {
        if (replayed.isEmpty()) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("count", Integer.toString(replayed.size()));
        details.put("offsets", String.join(",", replayed.stream().limit(50).map(d -> d.partition() + ":" + d.offset()).toList()));
        details.put("events", String.join(",", replayed.stream().limit(50).map(d -> String.valueOf(d.eventId())).toList()));
        AuditRecordedV1 event = AuditRecordedV1.success(service, null, caller.actor().id(), caller.actor().roles(), "dlq.replay", "dlq", dlq,
                caller.purpose(), details);
        try {
            byte[] value = json.writeValueAsBytes(event);
            await(deadLetters.send(new ProducerRecord<>(inbox.topics().of(Topics.AUDIT_RECORDED), "group", value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit record not serializable", e);
        }
    }

    List<DeadLetter> read(String dlq) {
        return read(dlq, null);
    }

    /**
     * Every dead letter of this service's consumers in {@code dlq}, oldest first, with their replay markers applied; a
     * record dead-lettered again (redelivered after an interrupted batch) is listed once. {@code raw} (null when only
     * listing) receives the records themselves, for a replay.
     */
    private List<DeadLetter> read(String dlq, Map<String, ConsumerRecord<String, byte[]>> raw) {
        Set<String> mine = new java.util.HashSet<>(inbox.consumers().keySet());
        others.forEach(o -> mine.add(o.name()));
        Map<String, DeadLetter> letters = new LinkedHashMap<>();
        Map<String, DlqViews.Replay> markers = new HashMap<>();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-dlq-admin");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        Map<String, Object> settings = kafka.with(props);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings)) {
            List<TopicPartition> parts = c.partitionsFor(dlq, Duration.ofSeconds(10)).stream().map(i -> new TopicPartition(dlq, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Set<String> sources = new java.util.HashSet<>();
            while (parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw ProblemException.unavailable("The DLQ topic " + dlq + " could not be read to its end within 30 s: retry.", 5);
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String consumer = header(r, DeadLetters.CONSUMER);
                    if (consumer == null || !mine.contains(consumer)) {
                        continue;
                    }
                    String replayOf = header(r, DeadLetters.REPLAY_OF);
                    if (replayOf != null) {
                        markers.put(replayOf, new DlqViews.Replay(Instant.ofEpochMilli(r.timestamp()), header(r, DeadLetters.REPLAYED_BY)));
                        continue;
                    }
                    String at = r.partition() + ":" + r.offset();
                    if (!sources.add(consumer + "/" + header(r, DeadLetters.TOPIC) + "/" + header(r, DeadLetters.PARTITION) + "/"
                            + header(r, DeadLetters.OFFSET))) {
                        continue; // the same source record dead-lettered again: listed (and replayed) once
                    }
                    if (raw != null) {
                        raw.put(at, r);
                    }
                    letters.put(at, letter(r, consumer, null));
                }
            }
        } catch (ProblemException e) {
            throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
            throw ProblemException.unavailable("The DLQ topic " + dlq + " cannot be read now (" + e.getClass().getSimpleName() + "): retry.", 5);
        }
        List<DeadLetter> out = new ArrayList<>();
        letters.forEach((at, d) -> out.add(markers.containsKey(at) ? withReplay(d, markers.get(at)) : d));
        return out;
    }

    private static DeadLetter letter(ConsumerRecord<String, byte[]> r, String consumer, DlqViews.Replay replay) {
        return new DeadLetter(r.partition(), r.offset(), consumer, header(r, DeadLetters.TOPIC), integer(header(r, DeadLetters.PARTITION)),
                longOf(header(r, DeadLetters.OFFSET)), r.key(), eventId(r), header(r, DeadLetters.KIND), header(r, DeadLetters.REASON),
                header(r, DeadLetters.EXCEPTION), instant(header(r, DeadLetters.FIRST_FAILURE)), Instant.ofEpochMilli(r.timestamp()), replay);
    }

    private static DeadLetter withReplay(DeadLetter d, DlqViews.Replay replay) {
        return new DeadLetter(d.partition(), d.offset(), d.consumer(), d.originalTopic(), d.originalPartition(), d.originalOffset(), d.key(),
                d.eventId(), d.kind(), d.reason(), d.exception(), d.failedAt(), d.deadLetteredAt(), replay);
    }

    private static String eventId(ConsumerRecord<String, byte[]> r) {
        return io.vigie.inbox.DeadLetterIds.eventIdOf(r.value());
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longOf(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        try {
            return uni.await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw ProblemException.unavailable("Kafka did not acknowledge the replay (" + e.getClass().getSimpleName()
                    + "); what was acknowledged is marked, run the replay again for the rest.", 5);
        }
    }
}
