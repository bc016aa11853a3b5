package io.vigie.ingestion.messaging;

/** Kafka did not acknowledge in time (down, partitioned, or the producer buffer is full): the device must resend. */
public class KafkaUnavailable extends RuntimeException {
    public KafkaUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
