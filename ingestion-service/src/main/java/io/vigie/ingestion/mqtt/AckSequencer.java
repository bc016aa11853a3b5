package io.vigie.ingestion.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Sends PUBACKs of one connection in the order the PUBLISH packets arrived, each only once its own processing
 * (Kafka acknowledgement) completed; also bounds the connection's in-flight messages. Event-loop confined.
 */
final class AckSequencer<R> {

    private static final class Pending<R> {
        final int messageId;
        R result;
        boolean done;

        Pending(int messageId) {
            this.messageId = messageId;
        }
    }

    /** A PUBACK to send: message id and its outcome. */
    record Ack<R>(int messageId, R result) {
    }

    private final Deque<Pending<R>> queue = new ArrayDeque<>();
    private final int maxInFlight;

    AckSequencer(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Registers an incoming QoS 1 PUBLISH; false when the connection already has the maximum in flight. */
    boolean begin(int messageId) {
        if (queue.size() >= maxInFlight) {
            return false;
        }
        queue.addLast(new Pending<>(messageId));
        return true;
    }

    /** Marks one message done and emits every PUBACK now due, in arrival order. */
    void complete(int messageId, R result, Consumer<Ack<R>> send) {
        for (Pending<R> p : queue) {
            if (p.messageId == messageId && !p.done) {
                p.done = true;
                p.result = result;
                break;
            }
        }
        while (!queue.isEmpty() && queue.peekFirst().done) {
            Pending<R> head = queue.pollFirst();
            send.accept(new Ack<>(head.messageId, head.result));
        }
    }

    int inFlight() {
        return queue.size();
    }
}
