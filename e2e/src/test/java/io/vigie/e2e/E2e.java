package io.vigie.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vigie.core.testing.Await;
import io.vigie.simulator.api.Api;
import io.vigie.simulator.device.DeviceLink;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Onboarding;
import io.vigie.simulator.ward.Ward;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** What the e2e tests share: the running services, the APIs as their users call them, patients onboarded through them. */
abstract class E2e {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger(100);
    private static Map<Catalogue, UUID> models;

    static final Services SERVICES = Services.get();
    static final Api API = new Api(Services.endpoints());
    static final Onboarding ONBOARDING = new Onboarding(API, m -> {
    });
    static final Vertx VERTX = Vertx.vertx();

    /** A patient of {@code hospital} enrolled in {@code program}, with the devices registered, activated and assigned. */
    static Ward.Patient patient(String hospital, String program, boolean fallRisk, Catalogue... devices) {
        synchronized (E2e.class) {
            if (models == null) {
                models = ONBOARDING.models();
            }
        }
        Ward.Patient p = ONBOARDING.patient(hospital, NEXT_INDEX.getAndIncrement(), new Onboarding.Bed(program, fallRisk, false, "e2e", List.of(devices)),
                "e2e", models);
        ONBOARDING.awaitReady(p, WAIT);
        return p;
    }

    private static List<Ward.Device> fleet = new ArrayList<>();

    /** {@code n} scales of Hôpital Nord registered and active, not assigned (their readings are stored without a patient). */
    static synchronized List<Ward.Device> fleet(int n) {
        if (models == null) {
            models = ONBOARDING.models();
        }
        while (fleet.size() < n) {
            fleet.add(ONBOARDING.device("device-admin-nord", "hopital-nord", Catalogue.SCALE, models.get(Catalogue.SCALE), "E2E-FLEET-" + fleet.size()));
        }
        return List.copyOf(fleet.subList(0, n));
    }

    /** The device's MQTT connection to the e2e ingestion (QoS 1, resends what was not acknowledged after a reconnect). */
    static DeviceLink connect(Ward.Device d, int window, DeviceLink.Listener listener) {
        return new DeviceLink(VERTX, "127.0.0.1", Services.MQTT_PORT, d.id().toString(), d.id().toString(), d.secret(), window, listener).start();
    }

    /** A device's listener that counts its PUBACKs into {@code acked}. */
    static DeviceLink.Listener countingAcks(java.util.concurrent.atomic.AtomicInteger acked) {
        return new DeviceLink.Listener() {
            @Override
            public void acked(DeviceLink.Message m, long latencyNanos) {
                acked.incrementAndGet();
            }
        };
    }

    static String clinicianOf(String hospital) {
        return Onboarding.clinicianOf(hospital);
    }

    /** The patient's alerts (any status) as the clinician of their hospital sees them. */
    static List<JsonNode> alerts(Ward.Patient p) {
        List<JsonNode> out = new ArrayList<>();
        API.get(clinicianOf(p.hospital()), API.alerting("/api/v1/alerts?size=200&patientId=" + p.id())).path("items").forEach(out::add);
        return out;
    }

    static List<JsonNode> alerts(Ward.Patient p, String rule) {
        return alerts(p).stream().filter(a -> rule.equals(a.path("ruleKey").asText())).toList();
    }

    static int readings(Ward.Patient p) {
        Api.Answer a = API.send(clinicianOf(p.hospital()), "GET", API.ingestion("/api/v1/patients/" + p.id() + "/readings?size=1"), null, Map.of());
        return a.status() == 200 ? a.body().path("total").asInt() : -a.status();
    }

    static void await(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }
}
