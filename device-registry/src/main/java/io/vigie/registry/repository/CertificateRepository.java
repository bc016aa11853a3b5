package io.vigie.registry.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vigie.registry.model.Certificate;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CertificateRepository implements PanacheRepositoryBase<Certificate, UUID> {

    public Uni<List<Certificate>> ofModel(UUID modelId) {
        return list("modelId = ?1 order by issuedOn, id", modelId);
    }

    public Uni<Boolean> numberTaken(UUID modelId, String number, UUID exceptId) {
        return count("modelId = ?1 and number = ?2 and id <> ?3", modelId, number, exceptId == null ? new UUID(0, 0) : exceptId)
                .map(n -> n > 0);
    }

    /** Certificates that expire on or before {@code until} (already expired ones included), soonest first. */
    public Uni<List<Certificate>> expiringBy(LocalDate until) {
        return list("expiresOn is not null and expiresOn <= ?1 order by expiresOn, id", until);
    }
}
