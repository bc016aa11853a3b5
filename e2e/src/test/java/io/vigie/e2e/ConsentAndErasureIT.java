package io.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.simulator.device.HttpDevice;
import io.vigie.simulator.device.Payloads;
import io.vigie.simulator.device.Payloads.Reading;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Ward;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Consent and GDPR across the four services. */
class ConsentAndErasureIT extends E2e {

    static void glucose(Ward.Patient p, String id, double value) {
        Ward.Device g = p.devices().get(0);
        assertEquals(202, new HttpDevice(Services.Service.INGESTION.url(), g.id().toString(), g.secret())
                .post(Payloads.readings(1, List.of(Reading.value(id, "41653-7", value, "mg/dL", Instant.now()))), false));
    }

    static long quarantined(Ward.Patient p) {
        return API.get("clinician-nord", API.ingestion("/api/v1/patients/" + p.id() + "/readings")).path("consent").path("quarantinedReadings").asLong();
    }

    @Test
    void shouldStopAlertingOnNewReadingsOnceConsentIsWithdrawn() {
        // given a patient whose hypoglycaemia raised an alert
        Ward.Patient p = patient("hopital-nord", "DIABETES", false, Catalogue.GLUCOMETER);
        glucose(p, "c1", 62);
        await("hypo alert", () -> alerts(p, "glucose.hypo-1").size() == 1);
        // when the patient withdraws consent (normal readings until ingestion applies it: they go to quarantine)
        API.post("nurse-nord", API.patients("/api/v1/patients/" + p.id() + "/consents"), Map.of("status", "WITHDRAWN"));
        await("the withdrawal applied by ingestion", () -> {
            glucose(p, "n-" + System.nanoTime(), 120);
            return quarantined(p) >= 1;
        });
        long before = quarantined(p);
        // and another hypoglycaemia is measured
        glucose(p, "c2", 55);
        await("the hypoglycaemia quarantined", () -> quarantined(p) == before + 1);
        // then no new alert and no new count: quarantined readings never reach alerting
        JsonNode hypo = alerts(p, "glucose.hypo-1").get(0);
        assertEquals(1, hypo.path("count").asInt(), "no reading after the withdrawal was counted");
        assertTrue(alerts(p, "glucose.hypo-2").isEmpty(), "55 mg/dL is not level 2, and nothing new was evaluated anyway");
        JsonNode page = API.get("clinician-nord", API.ingestion("/api/v1/patients/" + p.id() + "/readings"));
        assertEquals("WITHDRAWN", page.path("consent").path("status").asText());
    }

    @Test
    void shouldExportEverythingThenEraseThePatientInEveryServiceAndReportCompletion() {
        // given a patient with readings and an alert
        Ward.Patient p = patient("hopital-sud", "DIABETES", false, Catalogue.GLUCOMETER);
        glucose(p, "e1", 140);
        glucose(p, "e2", 300);
        await("readings stored and alert raised", () -> readings(p) == 2 && alerts(p, "glucose.hyper").size() == 1);
        // when a clinician exports the record
        JsonNode export = API.get("clinician-sud", API.patients("/api/v1/patients/" + p.id() + "/export"));
        // then it holds the record and the other services' data
        assertEquals(p.id().toString(), export.path("patient").path("id").asText());
        assertEquals(2, export.path("readings").size(), export.path("readings").toString());
        assertEquals(1, export.path("alerts").size());
        assertEquals("glucose.hyper", export.path("alerts").get(0).path("ruleKey").asText());
        assertEquals(1, export.path("enrollments").size());
        assertEquals(1, export.path("assignments").size());
        // when a platform admin erases the patient
        JsonNode status = API.delete("platform-admin", API.patients("/api/v1/patients/" + p.id() + "?reason=art.%2017%20request"));
        assertTrue(status.path("completedAt").isNull());
        // then every service confirms, and the data is gone everywhere
        await("erasure confirmed by ingestion and alerting", () -> !API.get("platform-admin", API.patients("/api/v1/patients/" + p.id() + "/erasure"))
                .path("completedAt").isNull());
        assertEquals(-404, readings(p), "ingestion no longer knows the patient");
        assertTrue(alerts(p).isEmpty(), "alerting holds no alert of theirs");
        assertEquals(404, API.send("clinician-sud", "GET", API.patients("/api/v1/patients/" + p.id()), null, Map.of()).status());
        // a reading still sent by their device is no longer attributed to them
        glucose(p, "e3", 320);
        await("the late reading is not theirs", () -> readings(p) == -404);
        // and the audit trail keeps the fact, not the data, and verifies
        JsonNode trail = API.get("auditor", API.patients("/api/v1/audit?resourceId=" + p.id() + "&size=200")).path("items");
        boolean erased = false;
        for (JsonNode e : trail) {
            erased |= e.path("action").asText().equals("ERASE");
            assertFalse(e.toString().contains("art. 17"));
        }
        assertTrue(erased);
        assertTrue(API.get("auditor", API.patients("/api/v1/audit/verify")).path("valid").asBoolean());
    }
}
