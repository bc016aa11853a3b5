package io.vigie.registry.service;

import io.vigie.events.device.CertificateKind;
import io.vigie.events.device.CertificateStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A CE certificate (notified body number, 4 digits) or a declaration of conformity (class I / A only). */
@Schema(name = "CertificateRequest", example = """
        {"kind": "NB_CERTIFICATE", "notifiedBody": "0459", "number": "CE-0459-2024-1187", "issuedOn": "2024-03-01",
         "expiresOn": "2029-02-28", "status": "VALID"}""")
public record CertificateSpec(
        @NotNull CertificateKind kind,
        @Pattern(regexp = "\\d{4}", message = "must be the 4-digit number of a notified body, e.g. 0459") String notifiedBody,
        @NotBlank @Size(max = 100) String number,
        @NotNull LocalDate issuedOn,
        LocalDate expiresOn,
        @NotNull CertificateStatus status) {
}
