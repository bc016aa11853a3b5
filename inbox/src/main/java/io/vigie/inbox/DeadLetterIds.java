package io.vigie.inbox;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The event id of a raw record, when one can be read, for logs and the DLQ view: never anything else of it. */
public final class DeadLetterIds {

    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

    private DeadLetterIds() {
    }

    public static String eventIdOf(byte[] value) {
        if (value == null) {
            return null;
        }
        Matcher m = EVENT_ID.matcher(new String(value, 0, Math.min(value.length, 4096), StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }
}
