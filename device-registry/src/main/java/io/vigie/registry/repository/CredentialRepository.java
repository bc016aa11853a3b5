package io.vigie.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vigie.registry.model.DeviceCredential;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CredentialRepository implements PanacheRepositoryBase<DeviceCredential, UUID> {

    public Uni<List<DeviceCredential>> ofDevice(UUID deviceId) {
        return list("deviceId = ?1 order by createdAt, id", deviceId);
    }

    public Uni<Boolean> fingerprintInUse(String fingerprint) {
        return count("fingerprintSha256 = ?1 and revokedAt is null", fingerprint).map(n -> n > 0);
    }
}
