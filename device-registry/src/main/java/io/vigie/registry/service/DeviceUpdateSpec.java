package io.vigie.registry.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an administrator may change on a device (model, serial and hospital are fixed: register a new one). */
@Schema(name = "DeviceUpdateRequest", example = """
        {"lotNumber": "L2406", "manufacturedOn": "2024-06-12", "firmwareVersion": "2.5.1", "location": "Cardiologie, chambre 14"}""")
public record DeviceUpdateSpec(
        @Size(max = 64) String lotNumber,
        LocalDate manufacturedOn,
        LocalDate expiresOn,
        @NotBlank @Size(max = 64) String firmwareVersion,
        @Size(max = 200) String location) {
}
