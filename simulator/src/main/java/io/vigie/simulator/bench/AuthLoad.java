package io.vigie.simulator.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Connection storms against the front door: reconnects with valid secrets, and a flood of wrong secrets for one device id. */
final class AuthLoad {

    private AuthLoad() {
    }

    /**
     * {@code rounds} times, every device connects at once (a reconnect storm after a network cut); each round lasts from
     * the first CONNECT to the last CONNACK, then all disconnect. Reports the total for rounds × devices connects.
     */
    static Map<String, Object> reconnects(Vertx vertx, String host, int port, List<Generator.Identity> devices, int rounds) throws Exception {
        long totalNanos = 0;
        int refused = 0;
        List<Long> perRound = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<MqttClient> clients = new ArrayList<>();
            List<Future<?>> connects = new ArrayList<>();
            long t0 = System.nanoTime();
            for (Generator.Identity d : devices) {
                MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(d.clientId()).setUsername(d.username())
                        .setPassword(d.password()).setCleanSession(true));
                clients.add(c);
                connects.add(c.connect(port, host));
            }
            Future.join(connects).toCompletionStage().toCompletableFuture().exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            long took = System.nanoTime() - t0;
            totalNanos += took;
            perRound.add(took / 1_000_000);
            refused += (int) connects.stream().filter(Future::failed).count();
            List<Future<?>> closes = new ArrayList<>();
            for (MqttClient c : clients) {
                if (c.isConnected()) {
                    closes.add(c.disconnect());
                }
            }
            Future.join(closes).toCompletionStage().toCompletableFuture().exceptionally(e -> null).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("connects", rounds * devices.size());
        r.put("refused", refused);
        r.put("connectMsTotal", totalNanos / 1_000_000);
        r.put("connectMsPerRound", perRound);
        return r;
    }

    /** A running flood; {@link #stop} ends it and reports what the front door answered. */
    static final class Flood {
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger answered = new AtomicInteger();
        private final Map<Integer, Integer> codes = new ConcurrentHashMap<>();
        private volatile boolean stopped;
        private volatile long t0;
        private volatile long t1;

        Map<String, Object> stop() {
            stopped = true;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("attempts", started.get());
            r.put("answeredWithin250ms", answered.get());
            r.put("connackCodes", new TreeMap<>(codes));
            r.put("seconds", Bench.round(((t1 == 0 ? System.nanoTime() : t1) - t0) / 1e9));
            return r;
        }
    }

    /**
     * {@code attempts} MQTT 3.1.1 CONNECTs with a wrong secret for {@code deviceId}, {@code concurrency} at a time, from
     * raw sockets (an attacker does not wait politely: each socket waits 250 ms for a CONNACK, then closes).
     */
    static Flood flood(Vertx vertx, String host, int port, String deviceId, int attempts, int concurrency) {
        Flood f = new Flood();
        f.t0 = System.nanoTime();
        NetClient net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
        for (int i = 0; i < concurrency; i++) {
            attempt(vertx, net, host, port, deviceId, attempts, f);
        }
        return f;
    }

    private static void attempt(Vertx vertx, NetClient net, String host, int port, String deviceId, int attempts, Flood f) {
        if (f.stopped) {
            return;
        }
        int n = f.started.incrementAndGet();
        if (n > attempts) {
            if (f.t1 == 0) {
                f.t1 = System.nanoTime();
            }
            return;
        }
        net.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                f.codes.merge(-1, 1, Integer::sum);
                vertx.setTimer(50, t -> attempt(vertx, net, host, port, deviceId, attempts, f));
                return;
            }
            var socket = ar.result();
            boolean[] done = {false};
            Runnable next = () -> {
                if (!done[0]) {
                    done[0] = true;
                    socket.close();
                    attempt(vertx, net, host, port, deviceId, attempts, f);
                }
            };
            socket.handler(b -> {
                if (b.length() >= 4 && (b.getByte(0) & 0xF0) == 0x20) {
                    f.answered.incrementAndGet();
                    f.codes.merge(b.getByte(3) & 0xFF, 1, Integer::sum);
                }
                next.run();
            });
            socket.closeHandler(v -> next.run());
            socket.write(Buffer.buffer(connect("flood-" + n, deviceId, "wrong-secret-" + n)));
            vertx.setTimer(250, t -> next.run());
        });
    }

    /** An MQTT 3.1.1 CONNECT packet with user name and password (clean session, keep-alive 60 s). */
    static byte[] connect(String clientId, String user, String password) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4);
        body.write(0xC2);
        body.write(0);
        body.write(60);
        string(body, clientId);
        string(body, user);
        string(body, password);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x10);
        int len = b.length;
        do {
            int digit = len % 128;
            len /= 128;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }

}
