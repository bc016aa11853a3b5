package io.vigie.patient.audit;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigie.core.crypto.SecretHash;
import io.vigie.events.audit.AuditRecordedV1;
import io.vigie.patient.model.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform's audit trail (HDS traceability): entries are appended in one order, each carrying the SHA-256 of
 * its fields and of the previous entry's hash, so changing or deleting any entry breaks the chain from there on
 * ({@link #verify}). The table refuses UPDATE and DELETE (trigger). Appending is idempotent by event id.
 */
@ApplicationScoped
public class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    static final long CHAIN_LOCK = 0x76_61_75_64L;

    /** Result of a verification: the first entry whose hash does not match, if any. */
    public record Verification(boolean valid, long checked, Long firstInvalidSeq, String reason) {
    }

    /** Appends in the caller's transaction (serialized by an advisory lock so the chain has a single order). */
    public Uni<AuditEntry> append(AuditRecordedV1 e) {
        return AuditEntry.<AuditEntry>find("eventId", e.eventId()).<AuditEntry>firstResult().chain(existing -> existing != null ? Uni.createFrom().item(existing)
                : Panache.getSession().chain(s -> s.createNativeQuery("select pg_advisory_xact_lock(" + CHAIN_LOCK + ")").getSingleResult())
                        .chain(() -> AuditEntry.<AuditEntry>find("order by seq desc").<AuditEntry>firstResult())
                        .chain(last -> {
                            AuditEntry a = new AuditEntry();
                            a.eventId = e.eventId();
                            a.at = (e.occurredAt() == null ? Instant.now() : e.occurredAt()).truncatedTo(ChronoUnit.MICROS);
                            a.source = e.source();
                            a.tenantId = e.tenantId();
                            a.actorId = e.actorId();
                            a.actorRoles = e.actorRoles() == null ? "" : String.join(",", e.actorRoles());
                            a.action = e.action();
                            a.resource = e.resource();
                            a.resourceId = e.resourceId();
                            a.purpose = e.purpose();
                            a.outcome = e.outcome() == null ? "SUCCESS" : e.outcome();
                            a.details = canonical(e.details());
                            a.prevHash = last == null ? GENESIS : last.hash;
                            a.hash = hash(a);
                            return a.<AuditEntry>persist();
                        }));
    }

    /** Recomputes the chain from the first entry, in pages. */
    public Uni<Verification> verify() {
        return verifyFrom(0L, GENESIS, 0L);
    }

    private Uni<Verification> verifyFrom(long afterSeq, String prev, long checked) {
        return Panache.withSession(() -> AuditEntry.<AuditEntry>find("seq > ?1 order by seq", afterSeq).range(0, 999).list()).chain(page -> {
            String previous = prev;
            long n = checked;
            for (AuditEntry a : page) {
                if (!a.prevHash.equals(previous)) {
                    return Uni.createFrom().item(new Verification(false, n, a.seq, "entry " + a.seq + " does not follow the previous entry (deleted or reordered)"));
                }
                if (!hash(a).equals(a.hash)) {
                    return Uni.createFrom().item(new Verification(false, n, a.seq, "entry " + a.seq + " was modified after it was recorded"));
                }
                previous = a.hash;
                n++;
            }
            if (page.size() < 1000) {
                return Uni.createFrom().item(new Verification(true, n, null, null));
            }
            return verifyFrom(page.get(page.size() - 1).seq, previous, n);
        });
    }

    static String hash(AuditEntry a) {
        String content = String.join("\u001f", a.prevHash, a.eventId.toString(), a.at.toString(), nz(a.source), nz(a.tenantId), nz(a.actorId),
                nz(a.actorRoles), nz(a.action), nz(a.resource), nz(a.resourceId), nz(a.purpose), nz(a.outcome), nz(a.details));
        return SecretHash.sha256Hex(content);
    }

    /** Details as sorted key=value pairs: the same map always hashes the same. */
    static String canonical(Map<String, String> details) {
        if (details == null || details.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(details).forEach((k, v) -> out.append(out.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return out.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
