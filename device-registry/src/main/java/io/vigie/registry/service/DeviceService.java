package io.vigie.registry.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.rest.ETags;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.device.ClinicalGrade;
import io.vigie.events.device.CredentialKind;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.DeviceStatus;
import io.vigie.outbox.AuditTrail;
import io.vigie.registry.config.RegistryConfig;
import io.vigie.registry.model.Device;
import io.vigie.registry.model.DeviceCredential;
import io.vigie.registry.repository.CredentialRepository;
import io.vigie.registry.repository.DeviceModelRepository;
import io.vigie.registry.repository.DeviceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Devices of the caller's hospitals: registration, updates, lifecycle and credentials. Every write publishes the
 * device's new state and an audit record through the outbox, in the same transaction.
 */
@ApplicationScoped
public class DeviceService {

    /** A device just registered, with its secret in clear: the only time it is ever shown. */
    public record Registered(DeviceDetails details, String secret) {
    }

    /** Result of a rotation: the new secret, and until when the previous one still works. */
    public record Rotated(DeviceDetails details, String secret, Instant previousValidUntil) {
    }

    private final DeviceRepository devices;
    private final DeviceModelRepository models;
    private final CredentialRepository credentials;
    private final DeviceStates states;
    private final SecretIssuer secrets;
    private final AuditTrail audit;
    private final RegistryConfig config;

    public DeviceService(DeviceRepository devices, DeviceModelRepository models, CredentialRepository credentials,
            DeviceStates states, SecretIssuer secrets, AuditTrail audit, RegistryConfig config) {
        this.devices = devices;
        this.models = models;
        this.credentials = credentials;
        this.states = states;
        this.secrets = secrets;
        this.audit = audit;
        this.config = config;
    }

    @WithTransaction
    public Uni<Registered> register(Caller caller, DeviceSpec spec) {
        String hospital = caller.hospitalForWrite(spec.hospitalId());
        return models.findById(spec.modelId()).chain(model -> {
            if (model == null) {
                throw ProblemException.invalidField("modelId", "no device model has this id");
            }
            return devices.serialTaken(model.id, spec.serialNumber()).chain(taken -> {
                if (taken) {
                    throw ProblemException.conflict("duplicate-serial", "A " + model.modelName + " with serial number "
                            + spec.serialNumber() + " is already registered.");
                }
                Device d = new Device();
                d.id = UUID.randomUUID();
                d.hospitalId = hospital;
                d.modelId = model.id;
                d.serialNumber = spec.serialNumber();
                d.lotNumber = spec.lotNumber();
                d.manufacturedOn = spec.manufacturedOn();
                d.expiresOn = spec.expiresOn();
                d.firmwareVersion = spec.firmwareVersion();
                d.location = spec.location();
                d.status = DeviceStatus.PROVISIONED;
                d.createdAt = Instant.now();
                d.updatedAt = d.createdAt;
                return secrets.issue().chain(issued -> devices.persist(d)
                        .chain(() -> credentials.persist(secretCredential(d.id, issued.hash())))
                        .chain(() -> devices.flush())
                        .chain(() -> states.load(d, model))
                        .call(states::publish)
                        .call(details -> audit(caller, details, "CREATE", Map.of("status", d.status.name())))
                        .map(details -> new Registered(details, issued.secret())));
            });
        });
    }

    @WithSession
    public Uni<DeviceDetails> get(Caller caller, UUID id) {
        return visible(caller, id).chain(states::load);
    }

    @WithSession
    public Uni<Page<DeviceDetails>> search(Caller caller, String hospitalId, DeviceKind kind, DeviceStatus status, UUID modelId,
            Integer certificateExpiringWithinDays, PageRequest page) {
        if (hospitalId != null && !caller.mayAccess(hospitalId)) {
            return Uni.createFrom().item(Page.empty(page)); // another hospital's devices are never visible
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        DeviceRepository.Criteria criteria = new DeviceRepository.Criteria(caller.isGroupWide() ? null : caller.hospitals(),
                hospitalId, kind, status, modelId,
                certificateExpiringWithinDays == null ? null : today.plusDays(certificateExpiringWithinDays), today);
        return devices.search(criteria, page.page(), page.size()).chain(list -> devices.countSearch(criteria).chain(total -> {
            Uni<List<DeviceDetails>> loaded = Uni.createFrom().item(new java.util.ArrayList<>());
            for (Device d : list) {
                loaded = loaded.chain(acc -> states.load(d).map(details -> {
                    acc.add(details);
                    return acc;
                }));
            }
            return loaded.map(items -> new Page<>(items, page.page(), page.size(), total));
        }));
    }

    @WithTransaction
    public Uni<DeviceDetails> update(Caller caller, UUID id, String ifMatch, DeviceUpdateSpec spec) {
        return visible(caller, id).chain(d -> {
            ETags.require(ifMatch, d.version);
            refuseIfRetired(d);
            long before = d.version;
            d.lotNumber = spec.lotNumber();
            d.manufacturedOn = spec.manufacturedOn();
            d.expiresOn = spec.expiresOn();
            d.firmwareVersion = spec.firmwareVersion();
            d.location = spec.location();
            d.updatedAt = Instant.now();
            return publishAndAudit(caller, d, "UPDATE", Map.of("previousVersion", String.valueOf(before)));
        });
    }

    @WithTransaction
    public Uni<DeviceDetails> transition(Caller caller, UUID id, Lifecycle action, String ifMatch) {
        return visible(caller, id).chain(d -> {
            if (ifMatch != null) {
                ETags.require(ifMatch, d.version);
            }
            DeviceStatus before = d.status;
            d.status = action.apply(before);
            d.updatedAt = Instant.now();
            Uni<Void> revoke = action == Lifecycle.RETIRE ? revokeAll(d.id) : Uni.createFrom().voidItem();
            return revoke.chain(() -> publishAndAudit(caller, d, action.name(),
                    Map.of("previousStatus", before.name(), "status", d.status.name())));
        });
    }

    @WithTransaction
    public Uni<Rotated> rotateSecret(Caller caller, UUID id) {
        return visible(caller, id).chain(d -> {
            refuseIfRetired(d);
            Instant graceEnd = Instant.now().plus(config.rotationGrace());
            return credentials.ofDevice(d.id).chain(existing -> {
                Instant previousValidUntil = null;
                for (DeviceCredential c : existing) {
                    if (c.kind == CredentialKind.SECRET && c.usableAt(Instant.now())) {
                        c.validUntil = c.validUntil == null || c.validUntil.isAfter(graceEnd) ? graceEnd : c.validUntil;
                        previousValidUntil = previousValidUntil == null || c.validUntil.isAfter(previousValidUntil) ? c.validUntil : previousValidUntil;
                    }
                }
                Instant previous = previousValidUntil;
                return secrets.issue().chain(issued -> credentials.persist(secretCredential(d.id, issued.hash()))
                        .chain(() -> touch(d))
                        .chain(() -> publishAndAudit(caller, d, "ROTATE_SECRET",
                                previous == null ? Map.of() : Map.of("previousValidUntil", previous.toString())))
                        .map(details -> new Rotated(details, issued.secret(), previous)));
            });
        });
    }

    @WithTransaction
    public Uni<DeviceDetails> revokeCredentials(Caller caller, UUID id) {
        return visible(caller, id).chain(d -> revokeAll(d.id).chain(() -> touch(d))
                .chain(() -> publishAndAudit(caller, d, "REVOKE_CREDENTIALS", Map.of())));
    }

    @WithTransaction
    public Uni<DeviceDetails> registerClientCertificate(Caller caller, UUID id, String fingerprint) {
        String normalized = fingerprint.replace(":", "").toLowerCase();
        return visible(caller, id).chain(d -> {
            refuseIfRetired(d);
            return credentials.fingerprintInUse(normalized).chain(inUse -> {
                if (inUse) {
                    throw ProblemException.conflict("fingerprint-in-use", "A device already uses this client certificate.");
                }
                DeviceCredential c = new DeviceCredential();
                c.id = UUID.randomUUID();
                c.deviceId = d.id;
                c.kind = CredentialKind.X509;
                c.fingerprintSha256 = normalized;
                c.createdAt = Instant.now();
                return credentials.persist(c).chain(() -> touch(d))
                        .chain(() -> publishAndAudit(caller, d, "REGISTER_CLIENT_CERTIFICATE", Map.of("credentialId", c.id.toString())));
            });
        });
    }

    @WithSession
    public Uni<ClinicalGrade> clinicalGrade(Caller caller, UUID id, LocalDate date) {
        return get(caller, id).map(details -> details.clinicalGrade(date));
    }

    // ------------------------------------------------------------------------------------------------

    /** The device if the caller's hospitals include its hospital; 404 otherwise (never reveal it exists). */
    private Uni<Device> visible(Caller caller, UUID id) {
        return devices.findById(id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("Device", id.toString());
            }
            caller.requireHospital(d.hospitalId, "Device", id);
            return d;
        });
    }

    private Uni<DeviceDetails> publishAndAudit(Caller caller, Device d, String action, Map<String, String> extra) {
        return devices.flush().chain(() -> states.load(d)).call(states::publish)
                .call(details -> {
                    Map<String, String> details2 = new HashMap<>(extra);
                    details2.put("version", String.valueOf(d.version));
                    details2.put("status", d.status.name());
                    return audit(caller, details, action, details2);
                });
    }

    private Uni<Void> audit(Caller caller, DeviceDetails details, String action, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(extra);
        all.put("modelId", details.model().id.toString());
        return audit.record(caller.actor(), caller.purpose(), details.device().hospitalId, action, "device",
                details.device().id.toString(), all);
    }

    /** Credential changes are changes of the device: updatedAt makes it dirty, so its version (ETag) moves too. */
    private static Uni<Void> touch(Device d) {
        d.updatedAt = Instant.now();
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> revokeAll(UUID deviceId) {
        Instant now = Instant.now();
        return credentials.ofDevice(deviceId).invoke(list -> list.forEach(c -> {
            if (c.revokedAt == null) {
                c.revokedAt = now;
            }
        })).replaceWithVoid();
    }

    private static void refuseIfRetired(Device d) {
        if (d.status == DeviceStatus.RETIRED) {
            throw ProblemException.conflict("device-retired", "The device is RETIRED: it can no longer be changed.");
        }
    }

    private static DeviceCredential secretCredential(UUID deviceId, String hash) {
        DeviceCredential c = new DeviceCredential();
        c.id = UUID.randomUUID();
        c.deviceId = deviceId;
        c.kind = CredentialKind.SECRET;
        c.secretHash = hash;
        c.createdAt = Instant.now();
        return c;
    }
}
