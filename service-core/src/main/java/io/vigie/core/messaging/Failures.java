package io.vigie.core.messaging;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The one place that decides what a consumer does with a failure. {@link Kind#POISON}: the record itself is bad
 * ({@link PoisonEvent}); it goes to the DLQ and the partition goes on. Everything else is {@link Kind#TRANSIENT}:
 * retried without end, because the record is fine and something around it (database, peer, Kafka) is not. A
 * failure nobody foresaw is retried too ({@code unexpected}): a record is never set aside because of a bug or a
 * broken dependency; the consumer reports itself stuck (readiness, metric) until someone fixes it.
 * <p>Recognized by class name where the class lives in a library this module does not depend on.
 */
public final class Failures {

    public enum Kind { TRANSIENT, POISON }

    /** What to do, and a bounded label for metrics and logs (never a message: messages may hold data). */
    public record Verdict(Kind kind, String cause) {
        public boolean poison() {
            return kind == Kind.POISON;
        }
    }

    private Failures() {
    }

    public static Verdict classify(Throwable failure) {
        String found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoisonEvent p) {
                return new Verdict(Kind.POISON, p.kind());
            }
            String cause = transientCause(t);
            if (cause != null && found == null) {
                found = cause; // the outermost recognized cause names it; keep looking for a poison marker inside
            }
        }
        return new Verdict(Kind.TRANSIENT, found == null ? "unexpected" : found);
    }

    private static String transientCause(Throwable t) {
        if (t instanceof TransientFailure f) {
            return f.cause();
        }
        String name = t.getClass().getName();
        if (name.equals("io.vertx.pgclient.PgException") || name.startsWith("org.hibernate.exception.") || t instanceof java.sql.SQLException) {
            String cause = sqlStateCause(sqlState(t));
            if (cause != null) {
                return cause;
            }
        }
        if (name.endsWith("OptimisticLockException") || name.endsWith("StaleObjectStateException") || name.endsWith("PessimisticLockException")
                || name.endsWith("LockAcquisitionException")) {
            return "database-conflict";
        }
        if (name.equals("io.vertx.sqlclient.ClosedConnectionException") || name.endsWith("JDBCConnectionException")
                || isVertxNoStack(t, "closed")) {
            return "database-connection";
        }
        if (isVertxNoStack(t, "timeout")) {
            return "timeout"; // the SQL pool's "Timeout" waiting for a connection
        }
        if (name.startsWith("com.mongodb.")) {
            return name.contains("Socket") || name.contains("Timeout") || name.contains("NotPrimary") || name.contains("Recovering")
                    ? "mongodb-unavailable" : "mongodb-error";
        }
        if (t instanceof RetriableException || name.startsWith("org.apache.kafka.") || name.endsWith("KafkaUnavailable")
                || name.startsWith("io.smallrye.reactive.messaging.")) {
            return "kafka";
        }
        if (t instanceof jakarta.ws.rs.WebApplicationException w) {
            int status = w.getResponse() == null ? 0 : w.getResponse().getStatus();
            return status == 429 || status >= 500 ? "peer-unavailable" : null;
        }
        if (t instanceof jakarta.ws.rs.ProcessingException) {
            return "peer-unavailable";
        }
        if (t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException || name.endsWith("TimeoutException")) {
            return "timeout";
        }
        if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException || t instanceof java.nio.channels.ClosedChannelException
                || name.startsWith("io.netty.channel.")) {
            return "connection";
        }
        if (t instanceof IOException) {
            return "io";
        }
        return null;
    }

    /** SQLSTATE classes that a later attempt can succeed on. */
    static String sqlStateCause(String state) {
        if (state == null || state.length() != 5) {
            return null;
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return "database-connection"; // connection exception, admin or crash shutdown, cannot connect now
        }
        if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
            return "database-conflict"; // serialization failure, deadlock, lock not available
        }
        if (state.equals("57014")) {
            return "database-timeout"; // statement timeout or cancel
        }
        if (state.startsWith("53") || state.startsWith("58")) {
            return "database-resources"; // too many connections, disk full, I/O error
        }
        return null;
    }

    /** SQLSTATE of a Vert.x {@code PgException} or a JDBC/Hibernate exception, or null. */
    public static String sqlState(Throwable t) {
        for (String getter : java.util.List.of("getSqlState", "getSQLState")) {
            try {
                return (String) t.getClass().getMethod(getter).invoke(t);
            } catch (ReflectiveOperationException | ClassCastException ex) {
                // try the next one
            }
        }
        return null;
    }

    /** Vert.x reports pool timeouts and closed connections as stack-less exceptions with a short fixed message. */
    private static boolean isVertxNoStack(Throwable t, String word) {
        String name = t.getClass().getName();
        if (!name.startsWith("io.vertx.") || t.getMessage() == null) {
            return false;
        }
        String m = t.getMessage().toLowerCase(java.util.Locale.ROOT);
        return m.length() < 80 && m.contains(word);
    }
}
