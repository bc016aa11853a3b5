package io.vigie.inbox.admin;

import java.util.List;

/**
 * A consumer of the service that does not run on the inbox (alerting's Kafka Streams evaluator) but sets poison aside
 * the same way ({@link io.vigie.inbox.DeadLetters} headers, on {@code <topic>.dlq}): a bean of this type makes the DLQ
 * admin list and replay its dead letters too.
 */
public interface DeadLetteringConsumer {

    /** The name its dead letters carry in {@code vigie-dlq-consumer}. */
    String name();

    /** The logical topics it consumes (their DLQs are listed). */
    List<String> topics();
}
