package io.vigie.registry.rest;

import io.vigie.events.device.CertificateKind;
import io.vigie.events.device.CertificateStatus;
import io.vigie.events.device.ClinicalGrade;
import io.vigie.events.device.CredentialKind;
import io.vigie.events.device.DeviceClass;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.DeviceStatus;
import io.vigie.events.device.PayloadMapping;
import io.vigie.events.device.RegulatoryStatus;
import io.vigie.registry.model.Certificate;
import io.vigie.registry.model.DeviceModel;
import io.vigie.registry.service.DeviceDetails;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the API answers: views built from entities (entities never leave the service). */
public final class Views {

    private Views() {
    }

    public record DeviceModelView(UUID id, String manufacturer, String modelName, DeviceKind kind, List<String> measurementCodes,
            RegulatoryStatus regulatoryStatus, DeviceClass deviceClass, String basicUdiDi, String udiDi, String intendedPurpose,
            List<String> approvedFirmware, PayloadMapping payloadMapping, long version, Instant createdAt, Instant updatedAt) {

        static DeviceModelView of(DeviceModel m) {
            return new DeviceModelView(m.id, m.manufacturer, m.modelName, m.kind, m.measurementCodes, m.regulatoryStatus,
                    m.deviceClass, m.basicUdiDi, m.udiDi, m.intendedPurpose, m.approvedFirmware, m.payloadMapping, m.version,
                    m.createdAt, m.updatedAt);
        }
    }

    public record CertificateView(UUID id, UUID modelId, CertificateKind kind, String notifiedBody, String number,
            LocalDate issuedOn, LocalDate expiresOn, CertificateStatus status, long version) {

        static CertificateView of(Certificate c) {
            return new CertificateView(c.id, c.modelId, c.kind, c.notifiedBody, c.number, c.issuedOn, c.expiresOn, c.status, c.version);
        }
    }

    /** UDI production identifier of one device. */
    public record UdiPi(String serialNumber, String lotNumber, LocalDate manufacturedOn, LocalDate expiresOn) {
    }

    /** A usable credential; never the secret or its hash. */
    public record CredentialView(UUID id, CredentialKind kind, Instant createdAt, Instant validUntil, String fingerprintSha256) {
    }

    public record DeviceView(UUID id, String hospitalId, UUID modelId, DeviceKind kind, String manufacturer, String modelName,
            UdiPi udiPi, String firmwareVersion, DeviceStatus status, String location, Instant lastSeenAt,
            ClinicalGrade clinicalGrade, List<CredentialView> credentials, long version, Instant createdAt, Instant updatedAt) {

        static DeviceView of(DeviceDetails d) {
            Instant now = Instant.now();
            var dev = d.device();
            return new DeviceView(dev.id, dev.hospitalId, dev.modelId, d.model().kind, d.model().manufacturer, d.model().modelName,
                    new UdiPi(dev.serialNumber, dev.lotNumber, dev.manufacturedOn, dev.expiresOn), dev.firmwareVersion, dev.status,
                    dev.location, dev.lastSeenAt, d.clinicalGrade(LocalDate.now(ZoneOffset.UTC)),
                    d.credentials().stream().filter(c -> c.usableAt(now))
                            .map(c -> new CredentialView(c.id, c.kind, c.createdAt, c.validUntil, c.fingerprintSha256)).toList(),
                    dev.version, dev.createdAt, dev.updatedAt);
        }
    }

    /** Answer to a registration: the device and its secret, shown this once only. */
    public record RegisteredView(DeviceView device, String secret, String notice) {
    }

    public record RotatedView(DeviceView device, String secret, Instant previousSecretValidUntil, String notice) {
    }

    static final String SECRET_NOTICE = "Store this secret in the device now: Vigie keeps only a salted hash and will never show it again.";
}
