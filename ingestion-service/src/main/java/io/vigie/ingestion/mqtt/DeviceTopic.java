package io.vigie.ingestion.mqtt;

import java.util.UUID;

/** {@code vigie/v1/devices/{deviceId}/readings} or {@code …/events}; anything else is not a device topic. */
record DeviceTopic(UUID deviceId, Kind kind) {

    enum Kind {
        READINGS, EVENTS
    }

    static DeviceTopic parse(String topic) {
        if (topic == null) {
            return null;
        }
        String[] parts = topic.split("/", -1);
        if (parts.length != 5 || !parts[0].equals("vigie") || !parts[1].equals("v1") || !parts[2].equals("devices")) {
            return null;
        }
        Kind kind = switch (parts[4]) {
            case "readings" -> Kind.READINGS;
            case "events" -> Kind.EVENTS;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        try {
            return new DeviceTopic(UUID.fromString(parts[3]), kind);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
