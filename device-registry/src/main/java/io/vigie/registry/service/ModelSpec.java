package io.vigie.registry.service;

import io.vigie.events.device.DeviceClass;
import io.vigie.events.device.DeviceKind;
import io.vigie.events.device.PayloadMapping;
import io.vigie.events.device.RegulatoryStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A device model as an administrator describes it (create and full update). */
@Schema(name = "DeviceModelRequest", example = """
        {"manufacturer": "Withings", "modelName": "Body Cardio", "kind": "SCALE", "measurementCodes": ["29463-7"],
         "regulatoryStatus": "MEDICAL_DEVICE", "deviceClass": "IIa", "basicUdiDi": "3700546WBC0001XY",
         "udiDi": "03700546702372", "intendedPurpose": "Body weight measurement for remote monitoring of heart failure",
         "approvedFirmware": ["2.4.1", "2.5.0"]}""")
public record ModelSpec(
        @NotBlank @Size(max = 200) String manufacturer,
        @NotBlank @Size(max = 200) String modelName,
        @NotNull DeviceKind kind,
        @NotEmpty @Size(max = 30) List<@NotBlank @Size(max = 20) String> measurementCodes,
        @NotNull RegulatoryStatus regulatoryStatus,
        DeviceClass deviceClass,
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9*+\\-./:_]*", message = "letters, digits and * + - . / : _ only") String basicUdiDi,
        @Pattern(regexp = "\\d{14}", message = "must be a GS1 GTIN-14 (14 digits)") String udiDi,
        @NotBlank @Size(max = 2000) String intendedPurpose,
        @NotEmpty @Size(max = 50) List<@NotBlank @Size(max = 64) String> approvedFirmware,
        PayloadMapping payloadMapping) {
}
