package io.vigie.simulator.device;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One device's MQTT connection (Vert.x MQTT client, MQTT 3.1.1, QoS 1), as a well-behaved device firmware does it:
 * at most {@code window} unacknowledged messages; a message counts as delivered only when its PUBACK arrives; after a
 * lost connection it reconnects with backoff and sends again every message not acknowledged (the server deduplicates
 * by reading id). All state lives on one Vert.x context.
 */
public final class DeviceLink {

    /** A message and what the caller wants to know about it. */
    public record Message(String topic, String payload, int readings, Object tag, long createdNanos) {
    }

    /** What happens to the link. Called on the link's event loop: keep it short. */
    public interface Listener {
        default void acked(Message m, long latencyNanos) {
        }

        default void connected() {
        }

        /** The connection was lost or closed by the server. */
        default void disconnected() {
        }

        /** CONNACK refused (return code name), or the connection could not be made (null). */
        default void refused(String code) {
        }

        /** An error on the connection (it is usually closed next). */
        default void error(Throwable e) {
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final String host;
    private final int port;
    private final String clientId;
    private final String username;
    private final String password;
    private final int window;
    private final Listener listener;
    private final Deque<Message> queue = new ArrayDeque<>();
    private final Map<Integer, Message> inflight = new HashMap<>();
    private final Set<Integer> earlyAcks = new HashSet<>();
    private MqttClient client;
    private boolean connected;
    private int publishing;
    private boolean retrying;
    private boolean closed;
    private boolean reconnect = true;
    private long backoffMillis = 200;

    public DeviceLink(Vertx vertx, String host, int port, String clientId, String username, String password, int window, Listener listener) {
        this.vertx = vertx;
        // a context of its own, so links spread over the event loops (getOrCreateContext() from one thread would put them all on one)
        this.context = ((io.vertx.core.impl.VertxInternal) vertx).createEventLoopContext();
        this.host = host;
        this.port = port;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.window = window;
        this.listener = listener;
    }

    public DeviceLink start() {
        context.runOnContext(v -> connect());
        return this;
    }

    /** Queues a QoS 1 publish. */
    public void send(String topic, String payload, int readings, Object tag) {
        Message m = new Message(topic, payload, readings, tag, System.nanoTime());
        context.runOnContext(v -> {
            queue.add(m);
            pump();
        });
    }

    /** Whether to reconnect after a lost connection (true by default). */
    public void reconnect(boolean enabled) {
        context.runOnContext(v -> reconnect = enabled);
    }

    /** Messages sent or queued but not acknowledged yet. */
    public int unacknowledged() {
        return inflightAndQueued;
    }

    private volatile int inflightAndQueued;
    private volatile boolean up;

    public boolean isConnected() {
        return up;
    }

    public void close() {
        context.runOnContext(v -> {
            closed = true;
            if (client != null && connected) {
                client.disconnect();
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        MqttClientOptions options = new MqttClientOptions().setClientId(clientId).setUsername(username).setPassword(password)
                .setCleanSession(true).setMaxInflightQueue(65535) /* the window below is the bound */.setKeepAliveInterval(30).setAutoKeepAlive(true);
        options.setConnectTimeout(5000);
        MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.publishCompletionHandler(id -> {
            if (c == client) { // a late PUBACK of a replaced connection must not acknowledge the new one's packet with the same id
                onAck(id);
            }
        });
        c.closeHandler(v -> onClosed(c));
        c.exceptionHandler(listener::error);
        c.connect(port, host).onSuccess(ack -> {
            connected = true;
            up = true;
            backoffMillis = 200;
            // everything not acknowledged is sent again, oldest first
            List<Message> again = new ArrayList<>(inflight.values());
            again.sort((a, b) -> Long.compare(a.createdNanos(), b.createdNanos()));
            inflight.clear();
            earlyAcks.clear();
            for (int i = again.size() - 1; i >= 0; i--) {
                queue.addFirst(again.get(i));
            }
            listener.connected();
            pump();
        }).onFailure(e -> {
            listener.refused(e instanceof MqttConnectionException m ? m.code().name() : null);
            retryLater();
        });
    }

    private void onClosed(MqttClient c) {
        if (c != client) {
            return;
        }
        boolean was = connected;
        connected = false;
        up = false;
        if (was) {
            listener.disconnected();
            retryLater();
        }
    }

    private void retryLater() {
        if (closed || !reconnect) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, 5000);
        vertx.setTimer(delay, t -> connect());
    }

    private void pump() {
        while (connected && !retrying && inflight.size() + publishing < window && !queue.isEmpty()) {
            Message m = queue.poll();
            MqttClient c = client;
            publishing++;
            c.publish(m.topic(), Buffer.buffer(m.payload()), MqttQoS.AT_LEAST_ONCE, false, false).onComplete(r -> publishing--).onSuccess(id -> {
                if (c != client) {
                    queue.addFirst(m); // connection replaced meanwhile: send again on the new one
                } else if (earlyAcks.remove(id)) {
                    listener.acked(m, System.nanoTime() - m.createdNanos());
                } else {
                    inflight.put(id, m);
                }
                count();
            }).onFailure(e -> {
                queue.addFirst(m);
                count();
                if (!retrying) { // publish refused (connection closing): try again shortly, never in a tight loop
                    retrying = true;
                    vertx.setTimer(100, t -> {
                        retrying = false;
                        pump();
                    });
                }
            });
        }
        count();
    }

    private void onAck(Integer id) {
        Message m = inflight.remove(id);
        if (m == null) {
            earlyAcks.add(id);
            return;
        }
        listener.acked(m, System.nanoTime() - m.createdNanos());
        count();
        pump();
    }

    private void count() {
        inflightAndQueued = inflight.size() + queue.size();
    }
}
