package io.vigie.core.messaging;

/**
 * A failure that a later attempt will get past (a concurrent writer, a peer not ready yet): the consumer retries
 * the record without end. {@link #cause()} is the bounded metric label.
 */
public class TransientFailure extends RuntimeException {

    private final String cause;

    public TransientFailure(String cause, String message) {
        super(message, null, false, false);
        this.cause = cause;
    }

    public String cause() {
        return cause;
    }
}
