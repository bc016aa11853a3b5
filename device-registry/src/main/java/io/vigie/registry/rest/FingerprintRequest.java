package io.vigie.registry.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** SHA-256 fingerprint of the device's X.509 client certificate (DER), hex with or without colons. */
@Schema(example = "{\"fingerprintSha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}")
public record FingerprintRequest(
        @NotBlank @Pattern(regexp = "([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{64}", message = "must be a SHA-256 fingerprint: 64 hex digits")
        String fingerprintSha256) {
}
