package io.vigie.simulator.ward;

import io.vigie.simulator.api.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A ward onboarded through the APIs: patients with their devices (and the devices' secrets, which the registry
 * shows once). Kept in {@code .platform/sim/ward.json} (owner-only) so a restart streams from the same devices.
 */
public record Ward(Instant createdAt, List<Patient> patients) {

    /** A device as the simulator drives it. {@code transport} is MQTT or HTTP. */
    public record Device(UUID id, String secret, String hospital, String kind, String model, List<String> codes, boolean continuous,
            String transport) {
    }

    /** A patient of the ward; {@code role} names what the simulator does with them (e.g. weight-gain, bed-exit). */
    public record Patient(UUID id, String hospital, String program, boolean fallRisk, String role, List<Device> devices) {
    }

    public List<Device> devices() {
        return patients.stream().flatMap(p -> p.devices().stream()).toList();
    }

    public void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Ward load(Path file) throws IOException {
        return Api.JSON.readValue(file.toFile(), Ward.class);
    }
}
