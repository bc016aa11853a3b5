package io.vigie.simulator.bench;

import io.vigie.simulator.Main;
import io.vigie.simulator.api.Api;
import io.vigie.simulator.api.Endpoints;
import io.vigie.simulator.ward.Catalogue;
import io.vigie.simulator.ward.Onboarding;
import io.vigie.simulator.ward.Ward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The benchmarks' devices and patients, onboarded through the public APIs once and kept (with the devices' secrets,
 * owner-only) under the bench directory, so that later runs start at once. Separate from the simulated ward.
 */
final class Fleet {

    private Fleet() {
    }

    static Api api() {
        return new Api(Endpoints.fromEnvironment());
    }

    /**
     * The ward in {@code file} if it has {@code size} patients whose devices are still active, otherwise one onboarded
     * now: {@code patient.apply(i)} onboards the i-th.
     */
    static Ward load(Path file, int size, Onboarding onboarding, IntFunction<Ward.Patient> patient) throws Exception {
        if (Files.exists(file)) {
            Ward known = Ward.load(file);
            if (known.patients().size() >= size && onboarding.stillActive(known)) {
                return new Ward(known.createdAt(), known.patients().subList(0, size));
            }
        }
        Instant start = Instant.now();
        List<Ward.Patient> patients = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            patients.add(patient.apply(i));
            if ((i + 1) % 25 == 0 || i + 1 == size) {
                Main.log("onboarded " + (i + 1) + "/" + size + " through the APIs (" + java.time.Duration.between(start, Instant.now()).toSeconds() + " s)");
            }
        }
        Ward ward = new Ward(Instant.now(), patients);
        ward.save(file);
        return ward;
    }

    /** {@code n} scales of Hôpital Nord, registered and active, not assigned: pure ingest load. */
    static List<Ward.Device> scales(Path dir, int n) throws Exception {
        Onboarding onboarding = new Onboarding(api(), m -> {
        });
        Map<Catalogue, UUID> models = onboarding.models();
        Ward w = load(dir.resolve("fleet.json"), n, onboarding, i -> new Ward.Patient(new UUID(0, i), "hopital-nord", "none", false, "bench",
                List.of(onboarding.device("device-admin-nord", "hopital-nord", Catalogue.SCALE, models.get(Catalogue.SCALE), "BENCH-" + i))));
        return w.devices();
    }
}
