package io.vigie.registry.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Registration of a device in a hospital: model, UDI-PI (serial, lot, dates), firmware, location. */
@Schema(name = "DeviceRequest", example = """
        {"hospitalId": "hopital-nord", "modelId": "5f0c3f9e-5d1b-4c4e-9d0e-1b2c3d4e5f60", "serialNumber": "WBC-2024-000871",
         "lotNumber": "L2406", "manufacturedOn": "2024-06-12", "firmwareVersion": "2.5.0", "location": "Cardiologie, chambre 12"}""")
public record DeviceSpec(
        @Size(max = 64) String hospitalId,
        @NotNull UUID modelId,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._/\\-]+", message = "letters, digits and . _ / - only") String serialNumber,
        @Size(max = 64) String lotNumber,
        LocalDate manufacturedOn,
        LocalDate expiresOn,
        @NotBlank @Size(max = 64) String firmwareVersion,
        @Size(max = 200) String location) {
}
