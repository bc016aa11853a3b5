package io.vigie.ingestion.mqtt;

import io.micrometer.core.instrument.Gauge;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vigie.core.problem.ProblemMappers;
import io.vigie.events.device.DeviceStateV1;
import io.vigie.ingestion.auth.DeviceAuthenticator;
import io.vigie.ingestion.auth.DeviceAuthenticator.Refusal;
import io.vigie.ingestion.config.IngestionConfig;
import io.vigie.ingestion.directory.DeviceDirectory;
import io.vigie.ingestion.directory.StateCatchUpProbe;
import io.vigie.ingestion.messaging.KafkaUnavailable;
import io.vigie.ingestion.pipeline.IngestionMetrics;
import io.vigie.ingestion.pipeline.Ingestor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The devices' MQTT front door (Vert.x MQTT server, MQTT 3.1.1 and 5). A QoS 1 PUBACK is sent only after Kafka
 * acknowledged every record of that message (acks=all), in arrival order. Devices authenticate with
 * deviceId/secret or a registered client certificate, publish only to their own two topics, never subscribe.
 * Not a broker: no retained messages, no QoS 2, no subscriptions.
 */
@ApplicationScoped
public class MqttFrontDoor {

    /** One authenticated connection. Its fields other than {@code inFlight} are touched on its context only. */
    static final class Session {
        final MqttEndpoint endpoint;
        final Context context;
        final UUID deviceId;
        final UUID credentialId;
        final boolean v5;
        final AckSequencer<MqttPubAckReasonCode> acks;
        volatile int inFlight;
        volatile boolean closing;
        /** Why the connection ends, for {@code vigie_ingestion_mqtt_closed_total{cause}}: the first reason seen wins. */
        volatile String closeCause;

        void closing(String cause) {
            if (closeCause == null) {
                closeCause = cause;
            }
        }

        Session(MqttEndpoint endpoint, Context context, UUID deviceId, UUID credentialId, int maxInFlight) {
            this.endpoint = endpoint;
            this.context = context;
            this.deviceId = deviceId;
            this.credentialId = credentialId;
            this.v5 = endpoint.protocolVersion() == 5;
            this.acks = new AckSequencer<>(maxInFlight);
        }
    }

    private final Vertx vertx;
    private final IngestionConfig config;
    private final DeviceDirectory directory;
    private final DeviceAuthenticator authenticator;
    private final StateCatchUpProbe readiness;
    private final AdmissionControl admission;
    private final Ingestor ingestor;
    private final IngestionMetrics metrics;
    private final Map<UUID, Set<Session>> sessions = new ConcurrentHashMap<>();
    private volatile MqttServer plain;
    private volatile MqttServer tls;
    private long revocationTimer = -1;

    public MqttFrontDoor(Vertx vertx, IngestionConfig config, DeviceDirectory directory, DeviceAuthenticator authenticator,
            StateCatchUpProbe readiness, AdmissionControl admission, Ingestor ingestor, IngestionMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.directory = directory;
        this.authenticator = authenticator;
        this.readiness = readiness;
        this.admission = admission;
        this.ingestor = ingestor;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) throws Exception {
        IngestionConfig.Mqtt mqtt = config.mqtt();
        if (mqtt.plainEnabled()) {
            plain = listen(new MqttServerOptions().setHost(mqtt.plainHost()).setPort(mqtt.plainPort()));
        }
        if (mqtt.tls().enabled()) {
            IngestionConfig.Tls t = mqtt.tls();
            MqttServerOptions o = new MqttServerOptions().setHost(t.host()).setPort(t.port()).setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(t.certPath().orElseThrow(() -> new IllegalStateException("vigie.ingestion.mqtt.tls.cert-path is required")))
                            .setKeyPath(t.keyPath().orElseThrow(() -> new IllegalStateException("vigie.ingestion.mqtt.tls.key-path is required"))));
            t.clientCaPath().ifPresent(ca -> o.setTrustOptions(new PemTrustOptions().addCertPath(ca)).setClientAuth(ClientAuth.REQUEST));
            tls = listen(o);
        }
        directory.onChange(this::recheck);
        revocationTimer = vertx.setPeriodic(mqtt.revocationCheckInterval().toMillis(), id -> recheckAll());
        Gauge.builder("vigie.ingestion.mqtt.connections", admission, AdmissionControl::connections).register(metrics.registry());
        Gauge.builder("vigie.ingestion.mqtt.inflight", this,
                f -> f.sessions.values().stream().flatMap(Set::stream).mapToInt(s -> s.inFlight).sum()).register(metrics.registry());
        checkSinkCapacity();
        Log.infof("MQTT front door: plain %s, TLS %s, connection limit %d", plain == null ? "off" : mqtt.plainHost() + ":" + plain.actualPort(),
                tls == null ? "off" : mqtt.tls().host() + ":" + tls.actualPort(), admission.limit());
    }

    void stop(@Observes ShutdownEvent event) {
        if (revocationTimer >= 0) {
            vertx.cancelTimer(revocationTimer);
        }
        sessions.values().stream().flatMap(Set::stream).toList().forEach(s -> kick(s, MqttDisconnectReasonCode.SERVER_SHUTTING_DOWN));
        for (MqttServer server : new MqttServer[] {plain, tls}) {
            if (server != null) {
                server.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
    }

    /**
     * The Kafka sink must take every record the admitted connections may keep in flight, or acknowledgements queue
     * behind a cap the devices cannot see: warns when {@code max-inflight-messages} (0 = no cap) is below it.
     */
    private void checkSinkCapacity() {
        long cap = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("mp.messaging.outgoing.ingest-out.max-inflight-messages", Long.class).orElse(1024L);
        long needed = (long) admission.limit() * config.mqtt().maxInFlight();
        if (cap > 0 && cap < needed) {
            Log.warnf("Kafka sink max-inflight-messages=%d is below the connection limit x in-flight window (%d): acknowledgements will queue;"
                    + " set mp.messaging.outgoing.ingest-out.max-inflight-messages=0 or lower vigie.ingestion.mqtt.max-connections", cap, needed);
        }
    }

    /** Port of the plain listener (useful when configured as 0), or -1. */
    public int plainPort() {
        return plain == null ? -1 : plain.actualPort();
    }

    public int tlsPort() {
        return tls == null ? -1 : tls.actualPort();
    }

    private MqttServer listen(MqttServerOptions options) throws Exception {
        options.setMaxMessageSize((int) config.mqtt().maxMessageSize().asLongValue()).setTimeoutOnConnect(10);
        MqttServer server = MqttServer.create(vertx, options).endpointHandler(this::onConnect)
                .exceptionHandler(e -> Log.debugf("MQTT connection failure before CONNECT: %s", failure(e)));
        return server.listen().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------------------------------------ CONNECT

    private void onConnect(MqttEndpoint ep) {
        boolean v5 = ep.protocolVersion() == 5;
        if (!readiness.devicesReady()) {
            refuse(ep, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5 : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    "NOT_READY", "the device directory is still loading");
            return;
        }
        if (!admission.tryAdmit()) {
            refuse(ep, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    "CONNECTION_LIMIT", "connection limit reached");
            return;
        }
        Context context = vertx.getOrCreateContext();
        String fingerprint = clientCertificateFingerprint(ep);
        DeviceAuthenticator.Result byCertificate = fingerprint == null ? null : authenticator.byFingerprint(fingerprint);
        Uni<DeviceAuthenticator.Result> auth;
        if (byCertificate != null && (byCertificate.accepted() || ep.auth() == null)) {
            auth = Uni.createFrom().item(byCertificate);
        } else if (ep.auth() != null) {
            auth = authenticator.bySecret(ep.auth().getUsername(), ep.auth().getPassword(), ep.remoteAddress() == null ? null : ep.remoteAddress().host());
        } else {
            auth = Uni.createFrom().item(DeviceAuthenticator.Result.refused(Refusal.BAD_CREDENTIALS));
        }
        auth.emitOn(r -> context.runOnContext(v -> r.run())).subscribe().with(result -> {
            if (!result.accepted()) {
                // a locked-out device id or address waits for its answer (a flooding client is slowed down, costs no CPU);
                // its admission slot is given back at once, so waiting refusals never keep real devices out
                admission.release();
                long delay = Math.min(result.retryAfter().toMillis(), config.auth().maxAnswerDelay().toMillis());
                Runnable answer = () -> refuse(ep, refusalCode(result.refusal(), v5), result.refusal().name(),
                        result.refusal() == Refusal.LOCKED_OUT ? "too many failed attempts: retry in " + result.retryAfterSeconds() + " s" : null);
                if (delay > 0) {
                    vertx.setTimer(delay, id -> answer.run());
                } else {
                    answer.run();
                }
                return;
            }
            accept(ep, context, result);
        }, failure -> {
            admission.release();
            Log.errorf("MQTT authentication failed unexpectedly: %s", ProblemMappers.describe(failure));
            refuse(ep, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_UNSPECIFIED_ERROR : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    "ERROR", null);
        });
    }

    private void accept(MqttEndpoint ep, Context context, DeviceAuthenticator.Result result) {
        DeviceStateV1 device = result.device();
        Session s = new Session(ep, context, device.deviceId(), result.credentialId(), config.mqtt().maxInFlight());
        Set<Session> existing = sessions.computeIfAbsent(device.deviceId(), k -> ConcurrentHashMap.newKeySet());
        List.copyOf(existing).forEach(old -> kick(old, MqttDisconnectReasonCode.SESSION_TAKEN_OVER));
        existing.add(s);
        try {
            handle(ep, s);
        } catch (IllegalStateException closed) { // the device hung up while it was being authenticated
            existing.remove(s);
            admission.release();
            Log.debugf("device %s closed its connection before it was accepted", s.deviceId);
            return;
        }
        ingestor.connected(device, Ingestor.Via.MQTT).subscribe().with(ok -> {
        }, e -> Log.debugf("last-seen of device %s not published: %s", device.deviceId(), e.getClass().getSimpleName()));
    }

    /** Installs the session's handlers and sends CONNACK; throws IllegalStateException if the endpoint is already closed. */
    private void handle(MqttEndpoint ep, Session s) {
        ep.publishAutoAck(false);
        ep.publishHandler(m -> onPublish(s, m));
        ep.subscribeHandler(m -> onSubscribe(s, m));
        ep.unsubscribeHandler(m -> ep.unsubscribeAcknowledge(m.messageId()));
        ep.exceptionHandler(e -> {
            s.closing(causeOf(e));
            Log.infof("device %s connection error: %s", s.deviceId, failure(e));
        });
        ep.disconnectHandler(v -> s.closing("disconnect"));
        ep.closeHandler(v -> {
            metrics.mqttClosed(s.closeCause == null ? "no-disconnect" : s.closeCause);
            Set<Session> set = sessions.get(s.deviceId);
            if (set != null) {
                set.remove(s);
            }
            admission.release();
        });
        if (s.v5) {
            MqttProperties p = new MqttProperties();
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), config.mqtt().maxInFlight()));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value(), 1));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 0));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(),
                    (int) config.mqtt().maxMessageSize().asLongValue()));
            ep.accept(false, p);
        } else {
            ep.accept(false);
        }
    }

    private void refuse(MqttEndpoint ep, MqttConnectReturnCode code, String reason, String text) {
        metrics.mqttRefused(reason);
        try {
            if (ep.protocolVersion() == 5 && text != null) {
                MqttProperties p = new MqttProperties();
                p.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), text));
                ep.reject(code, p);
            } else {
                ep.reject(code);
            }
        } catch (IllegalStateException closed) {
            Log.debugf("refused MQTT client had already closed its connection (%s)", reason);
        }
    }

    private static MqttConnectReturnCode refusalCode(Refusal r, boolean v5) {
        return switch (r) {
            case BAD_CREDENTIALS -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case NOT_ACTIVE -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5 : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case RETIRED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BANNED : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            // 3.1.1 has no better code than "server unavailable" (3), which devices retry later, as they should here
            case LOCKED_OUT -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            case BUSY -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }

    private static String clientCertificateFingerprint(MqttEndpoint ep) {
        if (!ep.isSsl() || ep.sslSession() == null) {
            return null;
        }
        try {
            Certificate[] chain = ep.sslSession().getPeerCertificates();
            if (chain.length == 0) {
                return null;
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
        } catch (SSLPeerUnverifiedException e) {
            return null;
        } catch (Exception e) {
            Log.debugf("client certificate unreadable: %s", e.getClass().getSimpleName());
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ PUBLISH

    private void onPublish(Session s, MqttPublishMessage m) {
        long start = System.nanoTime();
        if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) {
            violation(s, MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, "QOS2");
            return;
        }
        if (m.isRetain()) {
            violation(s, MqttDisconnectReasonCode.RETAIN_NOT_SUPPORTED, "RETAIN");
            return;
        }
        boolean qos1 = m.qosLevel() == MqttQoS.AT_LEAST_ONCE;
        DeviceTopic topic = DeviceTopic.parse(m.topicName());
        if (topic == null || !topic.deviceId().equals(s.deviceId)) {
            MqttPubAckReasonCode code = topic == null ? MqttPubAckReasonCode.TOPIC_NAME_INVALID : MqttPubAckReasonCode.NOT_AUTHORIZED;
            if (qos1 && s.v5 && s.acks.begin(m.messageId())) {
                metrics.mqttRefused(topic == null ? "TOPIC_INVALID" : "TOPIC_NOT_ALLOWED");
                complete(s, m.messageId(), code);
            } else {
                violation(s, topic == null ? MqttDisconnectReasonCode.TOPIC_NAME_INVALID : MqttDisconnectReasonCode.NOT_AUTHORIZED,
                        topic == null ? "TOPIC_INVALID" : "TOPIC_NOT_ALLOWED");
            }
            return;
        }
        if (topic.kind() == DeviceTopic.Kind.EVENTS && !qos1) {
            violation(s, MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, "EVENTS_NEED_QOS1");
            return;
        }
        if (qos1 && !s.acks.begin(m.messageId())) {
            if (s.v5) {
                metrics.mqttRefused("IN_FLIGHT_LIMIT");
                s.endpoint.publishAcknowledge(m.messageId(), MqttPubAckReasonCode.QUOTA_EXCEEDED, MqttProperties.NO_PROPERTIES);
            } else {
                violation(s, MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "IN_FLIGHT_LIMIT");
            }
            return;
        }
        s.inFlight = s.acks.inFlight();
        DeviceStateV1 device = directory.find(s.deviceId).orElse(null);
        if (device == null || !authenticator.stillAuthorized(s.deviceId, s.credentialId, Instant.now())) {
            // MQTT 5 says why in the PUBACK; MQTT 3.1.1 has no negative PUBACK (any PUBACK would tell the device its
            // message was taken): the connection is closed and nothing is acknowledged
            if (qos1 && s.v5) {
                complete(s, m.messageId(), MqttPubAckReasonCode.NOT_AUTHORIZED);
            }
            metrics.mqttRefused("NOT_AUTHORIZED");
            kick(s, MqttDisconnectReasonCode.ADMINISTRATIVE_ACTION);
            return;
        }
        byte[] payload = m.payload().getBytes();
        Uni<Ingestor.Outcome> work = Uni.createFrom().deferred(() -> topic.kind() == DeviceTopic.Kind.READINGS
                ? ingestor.readings(device, payload, Ingestor.Via.MQTT) : ingestor.event(device, payload, Ingestor.Via.MQTT));
        work.emitOn(r -> s.context.runOnContext(v -> r.run())).subscribe().with(outcome -> {
            if (qos1) {
                complete(s, m.messageId(), outcome.isUnparseable() && s.v5 ? MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID : MqttPubAckReasonCode.SUCCESS);
                metrics.puback(System.nanoTime() - start);
            }
        }, failure -> {
            if (!(failure instanceof KafkaUnavailable)) {
                Log.errorf("device %s message failed: %s", s.deviceId, ProblemMappers.describe(failure));
            }
            if (!qos1) {
                return; // QoS 0: at most once, the device does not expect an outcome
            }
            if (s.v5) {
                complete(s, m.messageId(), failure instanceof KafkaUnavailable ? MqttPubAckReasonCode.UNSPECIFIED_ERROR
                        : MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
            } else {
                // MQTT 3.1.1 has no negative PUBACK: close, so the device resends its unacknowledged messages on reconnect
                metrics.mqttRefused("KAFKA_UNAVAILABLE");
                kick(s, MqttDisconnectReasonCode.SERVER_BUSY);
            }
        });
    }

    private void complete(Session s, int messageId, MqttPubAckReasonCode code) {
        if (s.closing || !s.endpoint.isConnected()) {
            return; // the device went away meanwhile: it resends what was not acknowledged when it reconnects
        }
        s.acks.complete(messageId, code, ack -> {
            if (s.v5) {
                s.endpoint.publishAcknowledge(ack.messageId(), ack.result(), MqttProperties.NO_PROPERTIES);
            } else {
                s.endpoint.publishAcknowledge(ack.messageId());
            }
        });
        s.inFlight = s.acks.inFlight();
    }

    private void onSubscribe(Session s, MqttSubscribeMessage m) {
        metrics.mqttRefused("SUBSCRIBE");
        if (s.v5) {
            s.endpoint.subscribeAcknowledge(m.messageId(),
                    m.topicSubscriptions().stream().map(t -> MqttSubAckReasonCode.NOT_AUTHORIZED).toList(), MqttProperties.NO_PROPERTIES);
        } else {
            s.endpoint.subscribeAcknowledge(m.messageId(), m.topicSubscriptions().stream().map(t -> MqttQoS.FAILURE).toList());
        }
    }

    private void violation(Session s, MqttDisconnectReasonCode code, String reason) {
        metrics.mqttRefused(reason);
        kick(s, code);
    }

    // ------------------------------------------------------------------------------------------------ revocation

    private void recheck(DeviceStateV1 state) {
        Set<Session> set = sessions.get(state.deviceId());
        if (set != null) {
            Instant now = Instant.now();
            List.copyOf(set).stream().filter(s -> !authenticator.stillAuthorized(s.deviceId, s.credentialId, now))
                    .forEach(s -> kick(s, MqttDisconnectReasonCode.ADMINISTRATIVE_ACTION));
        }
    }

    private void recheckAll() {
        Instant now = Instant.now();
        sessions.values().stream().flatMap(Set::stream).toList().stream()
                .filter(s -> !authenticator.stillAuthorized(s.deviceId, s.credentialId, now))
                .forEach(s -> kick(s, MqttDisconnectReasonCode.ADMINISTRATIVE_ACTION));
    }

    /**
     * A connection failure's class and message (Netty's decoder messages name sizes and fields, never the payload; a topic
     * a device sent may appear: cut and stripped of control characters, so it cannot forge log lines).
     */
    static String failure(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\p{Cntrl}", "?");
        return e.getClass().getSimpleName() + (message.length() > 300 ? message.substring(0, 300) + "…" : message);
    }

    static String causeOf(Throwable e) {
        if (e instanceof io.netty.handler.codec.DecoderException || e instanceof io.netty.handler.codec.TooLongFrameException) {
            return "decode-error";
        }
        return e instanceof java.io.IOException ? "io-error" : "error";
    }

    /** Ends a session on its own context: MQTT 5 gets a DISCONNECT with the reason, MQTT 3.1.1 a closed socket. */
    private void kick(Session s, MqttDisconnectReasonCode code) {
        s.context.runOnContext(v -> {
            if (s.closing) {
                return;
            }
            s.closing = true;
            s.closing(code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            Log.debugf("closing device %s: %s", s.deviceId, code);
            try {
                if (s.v5 && s.endpoint.isConnected()) {
                    s.endpoint.disconnect(code, MqttProperties.NO_PROPERTIES);
                }
            } finally {
                if (s.endpoint.isConnected()) { // the device may have hung up meanwhile
                    s.endpoint.close();
                }
            }
        });
    }

    /** Number of open sessions of a device on this instance (for tests and diagnostics). */
    public int sessionsOf(UUID deviceId) {
        Set<Session> set = sessions.get(deviceId);
        return set == null ? 0 : set.size();
    }
}
