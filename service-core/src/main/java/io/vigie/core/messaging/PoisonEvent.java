package io.vigie.core.messaging;

/**
 * A record that no retry can ever process: not decodable, invalid against its contract, or refused by the
 * handler's own validation. It goes to {@code <topic>.dlq} with {@link #reason()}, and the partition goes on.
 * The message never holds the record's content (it is logged and put in a DLQ header).
 */
public class PoisonEvent extends RuntimeException {

    private final String kind;

    protected PoisonEvent(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** {@code undecodable}, {@code invalid} or {@code refused}: the metric and DLQ label. */
    public String kind() {
        return kind;
    }

    public String reason() {
        return getMessage();
    }

    /** The record is valid JSON of the right type but breaks its contract (a missing id, a wrong event type). */
    public static PoisonEvent invalid(String message) {
        return new PoisonEvent("invalid", message);
    }

    /** The handler's explicit validation refuses the event (say why, with ids only). */
    public static PoisonEvent refused(String message) {
        return new PoisonEvent("refused", message);
    }
}
