package io.vigie.simulator.ward;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.simulator.Main;
import io.vigie.simulator.api.Api;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Onboards a ward through the public APIs, as the people of a hospital would: the platform admin puts the device
 * models and their certificates in the catalogue; each hospital's device admin registers and activates devices;
 * clinicians record patients, care teams and enrollments; nurses assign the devices. Every step is idempotent
 * (a second run finds what the first created), so it can be re-run after a partial failure.
 */
public final class Onboarding {

    public static final List<String> HOSPITALS = List.of("hopital-nord", "hopital-sud");
    /** Keycloak ids of the demo care teams (auth/realm/vigie-realm.json). */
    static final Map<String, List<Map<String, String>>> CARE_TEAMS = Map.of(
            "hopital-nord", List.of(Map.of("userId", "a6fa1b9a-e900-5096-86a5-80c45ecb7306", "role", "clinician"),
                    Map.of("userId", "bcb21adf-0ae0-5050-b708-cd58dc5bc151", "role", "nurse"),
                    Map.of("userId", "4ec91e89-2e04-579d-873e-e4a5c0cbd163", "role", "clinician")),
            "hopital-sud", List.of(Map.of("userId", "550c6dc9-8214-5cbb-a8d7-b45970055f64", "role", "clinician"),
                    Map.of("userId", "75a90401-9ab1-53a9-9136-e87b556decd2", "role", "nurse"),
                    Map.of("userId", "4ec91e89-2e04-579d-873e-e4a5c0cbd163", "role", "clinician")));

    /** One bed of the ward: the program, the role it plays in the scenario and its devices. */
    public record Bed(String program, boolean fallRisk, boolean hypercapnic, String role, List<Catalogue> devices) {
    }

    /** Twelve patients per hospital. Roles other than "stable" are scripted deteriorations (see Scenario). */
    static final List<Bed> BEDS = List.of(
            new Bed("HEART_FAILURE", false, false, "weight-gain", List.of(Catalogue.SCALE, Catalogue.BP_MONITOR)),
            new Bed("HEART_FAILURE", false, false, "stable", List.of(Catalogue.SCALE, Catalogue.BP_MONITOR)),
            new Bed("HEART_FAILURE", false, false, "stable", List.of(Catalogue.SCALE, Catalogue.BP_MONITOR_OLD)),
            new Bed("RENAL_FAILURE", false, false, "stable", List.of(Catalogue.BP_MONITOR_OLD, Catalogue.SCALE)),
            new Bed("RENAL_FAILURE", false, false, "stable", List.of(Catalogue.BP_MONITOR, Catalogue.SCALE)),
            new Bed("RESPIRATORY_FAILURE", false, false, "desaturation", List.of(Catalogue.TEXTILE)),
            new Bed("RESPIRATORY_FAILURE", false, true, "stable", List.of(Catalogue.TEXTILE)),
            new Bed("DIABETES", false, false, "hypoglycaemia", List.of(Catalogue.GLUCOMETER)),
            new Bed("DIABETES", false, false, "stable", List.of(Catalogue.GLUCOMETER)),
            new Bed("IMPLANTED_CARDIAC_DEVICE", false, false, "implant-event", List.of(Catalogue.DEFIBRILLATOR, Catalogue.WATCH)),
            new Bed("HEART_FAILURE", true, false, "bed-exit", List.of(Catalogue.BED, Catalogue.TEXTILE)),
            new Bed("RESPIRATORY_FAILURE", true, false, "silent-device", List.of(Catalogue.BED, Catalogue.TEXTILE)));

    static final String[] FAMILY = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent"};
    static final String[] GIVEN = {"Louise", "Jean", "Marie", "Pierre", "Jeanne", "Michel", "Anne", "André", "Monique", "Jacques",
        "Françoise", "Claude"};

    private final Api api;
    private final Consumer<String> progress;

    public Onboarding(Api api, Consumer<String> progress) {
        this.api = api;
        this.progress = progress;
    }

    /** The whole ward: 2 hospitals × 12 patients (or {@code perHospital}), their devices registered, active and assigned. */
    public Ward onboard(int perHospital) {
        Map<Catalogue, UUID> models = models();
        List<Ward.Patient> patients = new ArrayList<>();
        for (String hospital : HOSPITALS) {
            for (int i = 0; i < perHospital; i++) {
                Bed bed = BEDS.get(i % BEDS.size());
                String role = hospital.equals("hopital-nord") && i < BEDS.size() ? bed.role() : "stable";
                patients.add(patient(hospital, i, bed, role, models));
                progress.accept("patient " + (patients.size()) + "/" + perHospital * HOSPITALS.size() + " onboarded");
            }
        }
        return new Ward(Instant.now(), patients);
    }

    /** The catalogue: each model (found if it exists) with its certificate. */
    public Map<Catalogue, UUID> models() {
        Map<Catalogue, UUID> ids = new EnumMap<>(Catalogue.class);
        JsonNode existing = api.get("platform-admin", api.registry("/api/v1/device-models?size=200")).path("items");
        for (Catalogue c : Catalogue.values()) {
            UUID id = null;
            for (JsonNode m : existing) {
                if (m.path("manufacturer").asText().equals(c.manufacturer) && m.path("modelName").asText().equals(c.modelName)) {
                    id = UUID.fromString(m.path("id").asText());
                }
            }
            if (id == null) {
                id = UUID.fromString(api.post("platform-admin", api.registry("/api/v1/device-models"), c.spec()).path("id").asText());
                Map<String, Object> cert = c.certificate();
                if (cert != null) {
                    api.post("platform-admin", api.registry("/api/v1/device-models/" + id + "/certificates"), cert);
                }
            }
            ids.put(c, id);
        }
        progress.accept("device catalogue ready (" + ids.size() + " models)");
        return ids;
    }

    /**
     * One patient of {@code hospital}: record (INS derived from {@code index}), care team, enrollment, devices registered,
     * activated and assigned. {@code index} distinguishes patients and devices of a hospital.
     */
    public Ward.Patient patient(String hospital, int index, Bed bed, String role, Map<Catalogue, UUID> models) {
        String clinician = clinicianOf(hospital);
        String nurse = hospital.equals("hopital-nord") ? "nurse-nord" : "nurse-sud";
        String deviceAdmin = deviceAdminOf(hospital);
        UUID patient = record(clinician, hospital, index, bed);
        api.put(clinician, api.patients("/api/v1/patients/" + patient + "/care-team"), CARE_TEAMS.get(hospital), null);
        Map<String, Object> enrollment = new LinkedHashMap<>();
        enrollment.put("program", bed.program());
        enrollment.put("start", LocalDate.now().toString()); // missed measurements count from today
        ignoring(409, () -> api.post(clinician, api.patients("/api/v1/patients/" + patient + "/enrollments"), enrollment));
        List<Ward.Device> devices = new ArrayList<>();
        for (Catalogue c : bed.devices()) {
            Ward.Device d = device(deviceAdmin, hospital, c, models.get(c), "SIM-" + hospital.toUpperCase().replace("HOPITAL-", "") + "-" + index + "-" + c.name());
            assign(nurse, patient, d.id());
            devices.add(d);
        }
        return new Ward.Patient(patient, hospital, bed.program(), bed.fallRisk(), role, devices);
    }

    /** The patient's record (found by INS when it exists). */
    UUID record(String clinician, String hospital, int index, Bed bed) {
        String ins = ins(hospital, index);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("hospitalId", hospital);
        spec.put("ins", ins);
        spec.put("localIds", List.of(Map.of("system", "IPP-" + hospital.toUpperCase(), "value", String.format("SIM%05d", index))));
        spec.put("familyName", FAMILY[index % FAMILY.length]);
        spec.put("givenNames", GIVEN[(index + (hospital.equals("hopital-sud") ? 5 : 0)) % GIVEN.length]);
        spec.put("birthDate", LocalDate.of(1930 + index * 7 % 70, 1 + index % 12, 1 + index % 28).toString());
        spec.put("sex", ins.startsWith("1") ? "M" : "F");
        spec.put("fallRisk", bed.fallRisk());
        spec.put("pregnant", false);
        spec.put("hypercapnicRespiratoryFailure", bed.hypercapnic());
        try {
            return UUID.fromString(api.post(clinician, api.patients("/api/v1/patients"), spec).path("id").asText());
        } catch (Api.Failed e) {
            if (e.status() != 409) {
                throw e;
            }
            return UUID.fromString(api.get(clinician, api.patients("/api/v1/patients?ins=" + ins)).path("items").get(0).path("id").asText());
        }
    }

    /** A device registered and activated; if its serial number is already registered, a new secret is issued. */
    public Ward.Device device(String deviceAdmin, String hospital, Catalogue c, UUID model, String serial) {
        Map<String, Object> spec = Map.of("hospitalId", hospital, "modelId", model, "serialNumber", serial, "firmwareVersion", "1.0.0",
                "location", "Simulated ward");
        UUID id;
        String secret;
        try {
            JsonNode registered = api.post(deviceAdmin, api.registry("/api/v1/devices"), spec);
            id = UUID.fromString(registered.path("device").path("id").asText());
            secret = registered.path("secret").asText();
        } catch (Api.Failed e) {
            if (e.status() != 409) {
                throw e;
            }
            id = find(deviceAdmin, hospital, model, serial);
            secret = api.post(deviceAdmin, api.registry("/api/v1/devices/" + id + "/credentials/rotate"), null).path("secret").asText();
        }
        UUID device = id;
        ignoring(409, () -> api.post(deviceAdmin, api.registry("/api/v1/devices/" + device + "/activate"), null));
        return new Ward.Device(id, secret, hospital, c.kind, c.manufacturer + " " + c.modelName, c.codes, c.continuous,
                c == Catalogue.GLUCOMETER ? "HTTP" : "MQTT");
    }

    UUID find(String deviceAdmin, String hospital, UUID model, String serial) {
        for (int page = 0; ; page++) {
            JsonNode items = api.get(deviceAdmin, api.registry("/api/v1/devices?hospitalId=" + hospital + "&modelId=" + model + "&size=200&page=" + page))
                    .path("items");
            if (items.isEmpty()) {
                throw new IllegalStateException("device " + serial + " is registered but could not be found");
            }
            for (JsonNode d : items) {
                if (serial.equals(d.path("udiPi").path("serialNumber").asText())) {
                    return UUID.fromString(d.path("id").asText());
                }
            }
        }
    }

    /** Assigns from now on; waits (up to 60 s) until patient-service learned the device from the registry's topic. */
    void assign(String nurse, UUID patient, UUID device) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Api.Answer a = api.send(nurse, "POST", api.patients("/api/v1/patients/" + patient + "/assignments"),
                    Map.of("deviceId", device, "from", Instant.now().minusSeconds(3600).toString()), Map.of());
            if (a.status() == 201 || a.status() == 409) { // 409: assigned by an earlier run
                return;
            }
            if (a.status() != 422 || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("assigning device " + device + " answered " + a.status() + ": " + a.body());
            }
            Main.sleep(250);
        }
    }

    /**
     * Waits until the chain is ready for the patient: ingestion knows their devices as active and assigned (activation
     * travels registry → Kafka → ingestion, assignments patient-service → outbox → Kafka → ingestion, independently;
     * before that a device is refused or its readings are stored without a patient), and alerting knows their care
     * plan (before that, a reading has no rule to be judged by).
     */
    public void awaitReady(Ward.Patient p, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        poll("alerting did not learn the care plan of patient " + p.id() + " within " + timeout.toSeconds() + " s", deadline,
                () -> api.send(clinicianOf(p.hospital()), "GET", api.alerting("/api/v1/patients/" + p.id() + "/rules"), null, Map.of()),
                a -> a.status() == 200 && a.body().size() > 0);
        for (Ward.Device d : p.devices()) {
            poll("ingestion did not learn that device is active and assigned: " + d.id() + " within " + timeout.toSeconds()
                    + " s: is patient-service's outbox publishing?", deadline,
                    () -> api.send(deviceAdminOf(p.hospital()), "GET", api.ingestion("/api/v1/ingestion/devices/" + d.id() + "/stats"), null, Map.of()),
                    a -> a.status() == 200 && "ACTIVE".equals(a.body().path("status").asText()) && a.body().path("assignedNow").asBoolean());
        }
    }

    /** Calls every 200 ms until {@code done} holds for the answer; past the deadline fails with {@code failure} and the last status. */
    private static void poll(String failure, Instant deadline, Supplier<Api.Answer> call, Predicate<Api.Answer> done) {
        while (true) {
            Api.Answer a = call.get();
            if (done.test(a)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(failure + " (last answer " + a.status() + ")");
            }
            Main.sleep(200);
        }
    }

    /** Whether the devices of a ward saved by an earlier run still exist and are active (the databases may have been wiped). */
    public boolean stillActive(Ward ward) {
        Ward.Device d = ward.devices().get(0);
        Api.Answer a = api.send(deviceAdminOf(d.hospital()), "GET", api.registry("/api/v1/devices/" + d.id()), null, Map.of());
        return a.status() == 200 && "ACTIVE".equals(a.body().path("status").asText());
    }

    public static String clinicianOf(String hospital) {
        return hospital.equals("hopital-nord") ? "clinician-nord" : "clinician-sud";
    }

    public static String deviceAdminOf(String hospital) {
        return hospital.equals("hopital-nord") ? "device-admin-nord" : "device-admin-sud";
    }

    /** A valid INS for the simulated patient: sex, year and month of birth, département 59 or 13, then the key. */
    static String ins(String hospital, int index) {
        String sex = index % 2 == 0 ? "2" : "1"; // index below 900
        String body = sex + String.format("%02d", (40 + index * 2) % 100) + String.format("%02d", 1 + index % 12)
                + (hospital.equals("hopital-nord") ? "59" : "13") + "350" + String.format("%03d", 100 + index);
        long key = 97 - Long.parseLong(body) % 97;
        return body + String.format("%02d", key);
    }

    static void ignoring(int status, Runnable call) {
        try {
            call.run();
        } catch (Api.Failed e) {
            if (e.status() != status) {
                throw e;
            }
        }
    }
}
