package io.vigie.registry.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vigie.core.problem.Problem.FieldError;
import io.vigie.core.problem.ProblemException;
import io.vigie.core.rest.ETags;
import io.vigie.core.rest.Page;
import io.vigie.core.rest.PageRequest;
import io.vigie.core.security.Caller;
import io.vigie.events.clinical.MeasurementType;
import io.vigie.events.device.CertificateKind;
import io.vigie.events.device.DeviceKind;
import io.vigie.outbox.AuditTrail;
import io.vigie.registry.model.Certificate;
import io.vigie.registry.model.DeviceModel;
import io.vigie.registry.repository.CertificateRepository;
import io.vigie.registry.repository.DeviceModelRepository;
import io.vigie.registry.repository.DeviceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The catalogue of device models and their certificates (platform-admin writes, staff reads). */
@ApplicationScoped
public class DeviceModelService {

    private final DeviceModelRepository models;
    private final CertificateRepository certificates;
    private final DeviceRepository devices;
    private final DeviceStates states;
    private final AuditTrail audit;

    public DeviceModelService(DeviceModelRepository models, CertificateRepository certificates, DeviceRepository devices,
            DeviceStates states, AuditTrail audit) {
        this.models = models;
        this.certificates = certificates;
        this.devices = devices;
        this.states = states;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<DeviceModel> create(Caller caller, ModelSpec spec) {
        validate(spec);
        return models.nameTaken(spec.manufacturer(), spec.modelName(), null).chain(taken -> {
            if (taken) {
                throw ProblemException.conflict("duplicate-model", "A model " + spec.modelName() + " of " + spec.manufacturer() + " already exists.");
            }
            DeviceModel m = new DeviceModel();
            m.id = UUID.randomUUID();
            m.createdAt = Instant.now();
            apply(m, spec);
            return models.persist(m)
                    .call(() -> audit.record(caller.actor(), caller.purpose(), null, "CREATE", "device-model", m.id.toString(),
                            Map.of("regulatoryStatus", m.regulatoryStatus.name(), "version", "0")));
        });
    }

    @WithTransaction
    public Uni<DeviceModel> update(Caller caller, UUID id, String ifMatch, ModelSpec spec) {
        validate(spec);
        return get(id).chain(m -> {
            ETags.require(ifMatch, m.version);
            return models.nameTaken(spec.manufacturer(), spec.modelName(), id).chain(taken -> {
                if (taken) {
                    throw ProblemException.conflict("duplicate-model", "Another model has this manufacturer and name.");
                }
                long before = m.version;
                apply(m, spec);
                return models.flush().replaceWith(m)
                        .call(() -> states.publishAllOfModel(m))
                        .call(() -> audit.record(caller.actor(), caller.purpose(), null, "UPDATE", "device-model", id.toString(),
                                Map.of("previousVersion", String.valueOf(before), "version", String.valueOf(m.version))));
            });
        });
    }

    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id, String ifMatch) {
        return get(id).chain(m -> {
            ETags.require(ifMatch, m.version);
            return devices.count("modelId", id).chain(n -> {
                if (n > 0) {
                    throw ProblemException.conflict("model-in-use", n + " device(s) use this model: retire them instead of deleting the model.");
                }
                return certificates.delete("modelId", id).chain(() -> models.delete(m))
                        .call(() -> audit.record(caller.actor(), caller.purpose(), null, "DELETE", "device-model", id.toString(), Map.of()));
            });
        });
    }

    @WithSession
    public Uni<DeviceModel> get(UUID id) {
        return models.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Device model", id.toString()));
    }

    @WithSession
    public Uni<Page<DeviceModel>> search(DeviceKind kind, String manufacturer, PageRequest page) {
        return models.search(kind, manufacturer, page.page(), page.size())
                .chain(list -> models.countSearch(kind, manufacturer).map(total -> new Page<>(list, page.page(), page.size(), total)));
    }

    @WithSession
    public Uni<List<Certificate>> certificates(UUID modelId) {
        return get(modelId).chain(m -> certificates.ofModel(modelId));
    }

    @WithTransaction
    public Uni<Certificate> addCertificate(Caller caller, UUID modelId, CertificateSpec spec) {
        return get(modelId).chain(m -> {
            validate(m, spec);
            return certificates.numberTaken(modelId, spec.number(), null).chain(taken -> {
                if (taken) {
                    throw ProblemException.conflict("duplicate-certificate", "This model already has certificate " + spec.number() + ".");
                }
                Certificate c = new Certificate();
                c.id = UUID.randomUUID();
                c.modelId = modelId;
                c.createdAt = Instant.now();
                apply(c, spec);
                return certificates.persist(c).call(certificates::flush).call(() -> states.publishAllOfModel(m))
                        .call(() -> audit.record(caller.actor(), caller.purpose(), null, "CREATE", "certificate", c.id.toString(),
                                Map.of("modelId", modelId.toString(), "status", c.status.name())));
            });
        });
    }

    @WithTransaction
    public Uni<Certificate> updateCertificate(Caller caller, UUID modelId, UUID certificateId, String ifMatch, CertificateSpec spec) {
        return get(modelId).chain(m -> certificates.findById(certificateId).chain(c -> {
            if (c == null || !c.modelId.equals(modelId)) {
                throw ProblemException.notFound("Certificate", certificateId.toString());
            }
            ETags.require(ifMatch, c.version);
            validate(m, spec);
            return certificates.numberTaken(modelId, spec.number(), certificateId).chain(taken -> {
                if (taken) {
                    throw ProblemException.conflict("duplicate-certificate", "This model already has certificate " + spec.number() + ".");
                }
                String before = c.status.name();
                apply(c, spec);
                return certificates.flush().replaceWith(c).call(() -> states.publishAllOfModel(m))
                        .call(() -> audit.record(caller.actor(), caller.purpose(), null, "UPDATE", "certificate", c.id.toString(),
                                Map.of("modelId", modelId.toString(), "previousStatus", before, "status", c.status.name())));
            });
        }));
    }

    // ------------------------------------------------------------------------------------------------ rules

    static void validate(ModelSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < spec.measurementCodes().size(); i++) {
            String code = spec.measurementCodes().get(i);
            if (!MeasurementType.knownCodes().contains(code)) {
                errors.add(new FieldError("measurementCodes[" + i + "]", "unknown LOINC code " + code + ": Vigie accepts "
                        + MeasurementType.knownCodes().stream().sorted().toList()));
            }
        }
        if (spec.regulatoryStatus().isRegulated()) {
            if (spec.deviceClass() == null || !spec.deviceClass().fits(spec.regulatoryStatus())) {
                errors.add(new FieldError("deviceClass", spec.regulatoryStatus() == io.vigie.events.device.RegulatoryStatus.IVD
                        ? "an IVD needs an IVDR class: A, B, C or D" : "a medical device needs an MDR class: I, IIa, IIb or III"));
            }
            if (spec.udiDi() == null) {
                errors.add(new FieldError("udiDi", "required for a regulated device"));
            }
        } else if (spec.deviceClass() != null) {
            errors.add(new FieldError("deviceClass", "a WELLNESS device has no MDR/IVDR class"));
        }
        if (spec.udiDi() != null && spec.udiDi().matches("\\d{14}") && !UdiDi.isValidGtin14(spec.udiDi())) {
            errors.add(new FieldError("udiDi", "the GTIN-14 check digit does not verify"));
        }
        if (spec.payloadMapping() != null) {
            for (String[] p : spec.payloadMapping().problems(new HashSet<>(spec.measurementCodes()))) {
                errors.add(new FieldError("payloadMapping." + p[0], p[1]));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation-failed", "The device model has invalid fields.", errors);
        }
    }

    static void validate(DeviceModel model, CertificateSpec spec) {
        if (!model.regulatoryStatus.isRegulated()) {
            throw ProblemException.unprocessable("not-a-medical-device", "A WELLNESS device is not a medical device: it carries no CE certificate.");
        }
        List<FieldError> errors = new ArrayList<>();
        if (spec.kind() == CertificateKind.NB_CERTIFICATE) {
            if (spec.notifiedBody() == null) {
                errors.add(new FieldError("notifiedBody", "required for a notified body's certificate"));
            }
            if (spec.expiresOn() == null) {
                errors.add(new FieldError("expiresOn", "required for a notified body's certificate"));
            }
        } else {
            if (!model.deviceClass.allowsSelfDeclaration()) {
                throw ProblemException.unprocessable("certificate-required", "A class " + model.deviceClass
                        + " device needs a notified body's certificate; a declaration of conformity covers class I (MDR) or A (IVDR) only.");
            }
            if (spec.notifiedBody() != null) {
                errors.add(new FieldError("notifiedBody", "a declaration of conformity has no notified body"));
            }
        }
        if (spec.expiresOn() != null && !spec.expiresOn().isAfter(spec.issuedOn())) {
            errors.add(new FieldError("expiresOn", "must be after issuedOn"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("validation-failed", "The certificate has invalid fields.", errors);
        }
    }

    private static void apply(DeviceModel m, ModelSpec spec) {
        m.manufacturer = spec.manufacturer().strip();
        m.modelName = spec.modelName().strip();
        m.kind = spec.kind();
        m.measurementCodes = List.copyOf(new java.util.LinkedHashSet<>(spec.measurementCodes()));
        m.regulatoryStatus = spec.regulatoryStatus();
        m.deviceClass = spec.deviceClass();
        m.basicUdiDi = spec.basicUdiDi();
        m.udiDi = spec.udiDi();
        m.intendedPurpose = spec.intendedPurpose().strip();
        m.approvedFirmware = List.copyOf(new java.util.LinkedHashSet<>(spec.approvedFirmware()));
        m.payloadMapping = spec.payloadMapping();
        m.updatedAt = Instant.now();
    }

    private static void apply(Certificate c, CertificateSpec spec) {
        c.kind = spec.kind();
        c.notifiedBody = spec.notifiedBody();
        c.number = spec.number().strip();
        c.issuedOn = spec.issuedOn();
        c.expiresOn = spec.expiresOn();
        c.status = spec.status();
        c.updatedAt = Instant.now();
    }
}
