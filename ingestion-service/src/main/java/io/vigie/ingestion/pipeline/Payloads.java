package io.vigie.ingestion.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.events.device.PayloadMapping;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a device payload into the canonical shape: {@code {"seq": n, "readings": [ … ]}} for readings, the event
 * object for events. Vendor payloads are first rewritten through the model's {@link PayloadMapping}.
 */
public final class Payloads {

    /** Canonical readings of one message: the raw reading objects are validated one by one afterwards. */
    public record Readings(Long seq, List<JsonNode> items) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // bounded parsing of untrusted input (the message size is bounded too)
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(40).maxStringLength(16_384).build());
    }

    private Payloads() {
    }

    public static JsonNode parse(byte[] payload) throws Unparseable {
        if (payload == null || payload.length == 0) {
            throw new Unparseable("empty payload");
        }
        try {
            JsonNode root = JSON.readTree(payload);
            if (root == null || !root.isObject()) {
                throw new Unparseable("payload is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new Unparseable("payload is not valid JSON" + where);
        } catch (IOException e) {
            throw new Unparseable("payload cannot be read");
        }
    }

    public static Readings readings(byte[] payload, PayloadMapping mapping, int maxPerMessage) throws Unparseable {
        JsonNode root = parse(payload);
        if (mapping != null) {
            root = applyMapping(root, mapping);
        }
        JsonNode readings = root.get("readings");
        if (readings == null || !readings.isArray()) {
            throw new Unparseable("\"readings\" must be an array");
        }
        if (readings.isEmpty()) {
            throw new Unparseable("\"readings\" is empty");
        }
        if (readings.size() > maxPerMessage) {
            throw new Unparseable("too many readings in one message: " + readings.size() + " (at most " + maxPerMessage + ")");
        }
        JsonNode seq = root.get("seq");
        Long seqValue = null;
        if (seq != null && !seq.isNull()) {
            if (!seq.canConvertToExactIntegral() || seq.asLong() < 0) {
                throw new Unparseable("\"seq\" must be a non-negative integer");
            }
            seqValue = seq.asLong();
        }
        List<JsonNode> items = new ArrayList<>();
        readings.forEach(items::add);
        return new Readings(seqValue, items);
    }

    /** Rewrites a vendor payload into the canonical readings object (missing fields are left for validation). */
    static ObjectNode applyMapping(JsonNode vendor, PayloadMapping m) throws Unparseable {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        if (m.seq() != null && !vendor.at(m.seq()).isMissingNode()) {
            out.set("seq", vendor.at(m.seq()));
        }
        List<JsonNode> occasions = new ArrayList<>();
        if (m.items() == null || m.items().isEmpty()) {
            occasions.add(vendor);
        } else {
            JsonNode items = vendor.at(m.items());
            if (!items.isArray()) {
                throw new Unparseable("vendor payload: " + m.items() + " is not an array");
            }
            items.forEach(occasions::add);
        }
        ArrayNode readings = out.putArray("readings");
        for (JsonNode occasion : occasions) {
            JsonNode id = occasion.at(m.id());
            String ts = timestamp(occasion.at(m.timestamp()), m.timestampFormat());
            for (PayloadMapping.Field field : m.readings()) {
                ObjectNode r = readings.addObject();
                r.put("id", (id.isMissingNode() || id.isNull() ? "" : id.asText()) + "/" + field.code());
                r.put("code", field.code());
                if (ts != null) {
                    r.put("ts", ts);
                }
                if (field.components() != null) {
                    ArrayNode comps = r.putArray("components");
                    for (PayloadMapping.Field c : field.components()) {
                        ObjectNode comp = comps.addObject();
                        comp.put("code", c.code());
                        comp.set("value", occasion.at(c.value()).isMissingNode() ? f.nullNode() : occasion.at(c.value()));
                        comp.put("unit", c.unit());
                    }
                } else {
                    JsonNode value = occasion.at(field.value());
                    r.set("value", value.isMissingNode() ? f.nullNode() : value);
                    if (field.unit() != null) {
                        r.put("unit", field.unit());
                    }
                }
            }
        }
        return out;
    }

    private static String timestamp(JsonNode t, PayloadMapping.TimestampFormat format) {
        if (t.isMissingNode() || t.isNull()) {
            return null;
        }
        return switch (format) {
            case ISO8601 -> t.asText();
            case EPOCH_SECONDS -> t.isNumber() ? Instant.ofEpochSecond(t.asLong()).toString() : t.asText();
            case EPOCH_MILLIS -> t.isNumber() ? Instant.ofEpochMilli(t.asLong()).toString() : t.asText();
        };
    }
}
