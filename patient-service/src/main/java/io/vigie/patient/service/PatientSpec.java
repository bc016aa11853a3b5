package io.vigie.patient.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A patient as a clinician records them (create and full update). */
@Schema(name = "PatientRequest", example = """
        {"hospitalId": "hopital-nord", "ins": "255081416802538", "localIds": [{"system": "IPP-NORD", "value": "0042137"}],
         "familyName": "Martin", "givenNames": "Louise", "birthDate": "1955-08-21", "sex": "F",
         "contact": {"phone": "+33612345678", "email": null, "address": "12 rue des Lilas, 59000 Lille"},
         "fallRisk": true, "pregnant": false, "hypercapnicRespiratoryFailure": false}""")
public record PatientSpec(
        @Size(max = 64) String hospitalId,
        @Size(max = 20) String ins,
        @Size(max = 10) List<@Valid LocalId> localIds,
        @NotBlank @Size(max = 200) String familyName,
        @NotBlank @Size(max = 200) String givenNames,
        @NotNull @Past LocalDate birthDate,
        @NotNull @Pattern(regexp = "[FMU]", message = "must be F, M or U") String sex,
        @Valid Contact contact,
        boolean fallRisk,
        boolean pregnant,
        boolean hypercapnicRespiratoryFailure) {

    public record LocalId(@NotBlank @Size(max = 64) String system, @NotBlank @Size(max = 64) String value) {
    }

    public record Contact(@Size(max = 32) @Pattern(regexp = "\\+?[0-9 .()-]*", message = "digits, spaces and + . ( ) - only") String phone,
            @Email @Size(max = 200) String email, @Size(max = 500) String address) {
    }
}
