package io.vigie.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class TopicsTest {

    static Map<String, String[]> catalogue() throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(TopicsTest.class.getResourceAsStream("/topics.tsv")), StandardCharsets.UTF_8))) {
            in.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
                String[] f = l.split("\t");
                rows.put(f[0], f);
            });
        }
        return rows;
    }

    @Test
    void shouldListEveryTopicConstantInTheCatalogueWhenPlatformCreatesTopics() throws Exception {
        Map<String, String[]> rows = catalogue();
        for (Field f : Topics.class.getFields()) {
            String topic = (String) f.get(null);
            assertTrue(rows.containsKey(topic), "topics.tsv lacks " + topic);
            assertTrue(topic.matches("[a-z]+\\.[a-z]+\\.[a-z]+\\.v\\d+"), "naming <domain>.<entity>.<event>.v<major>: " + topic);
        }
    }

    @Test
    void shouldCompactStateTopicsAndGiveDlqsOneSourceEach() throws IOException {
        Map<String, String[]> rows = catalogue();
        rows.forEach((topic, f) -> {
            assertEquals(6, f.length, "six tab-separated columns for " + topic);
            boolean stateTopic = topic.contains(".state.") && !topic.endsWith(".dlq");
            assertEquals(stateTopic, f[2].equals("compact"), "compaction iff state topic (DLQs keep every record): " + topic);
            if (topic.endsWith(".dlq")) {
                assertTrue(rows.containsKey(topic.substring(0, topic.length() - 4)), "DLQ of an unknown topic " + topic);
            }
        });
    }

    @Test
    void shouldCoPartitionReadingsEventsCareplansAndAlertsByPatient() throws IOException {
        Map<String, String[]> rows = catalogue();
        // alerting keeps per-patient state: everything it joins on patientId must hash to the same partition
        String partitions = rows.get(Topics.READING_ACCEPTED)[1];
        for (String t : new String[] {Topics.DEVICE_EVENT, Topics.CAREPLAN_STATE, Topics.ALERT_CHANGED}) {
            assertEquals(partitions, rows.get(t)[1], t);
        }
    }
}
