package io.vigie.events.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClinicalGradeTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    static ClinicalGrade.Inputs scale(CertificateStatus status, LocalDate expiresOn, String firmware) {
        return new ClinicalGrade.Inputs(RegulatoryStatus.MEDICAL_DEVICE, DeviceClass.IIa,
                List.of(new ClinicalGrade.Certificate("c1", "CE-1", CertificateKind.NB_CERTIFICATE, status, TODAY.minusYears(3), expiresOn)),
                List.of("2.4.1", "2.5.0"), firmware);
    }

    @Test
    void shouldBeClinicalGradeWhenCertificateExpiresTomorrow() {
        ClinicalGrade g = scale(CertificateStatus.VALID, TODAY.plusDays(1), "2.5.0").evaluate(TODAY);
        assertTrue(g.clinicalGrade());
        assertEquals(List.of(), g.reasons());
    }

    @Test
    void shouldBeClinicalGradeOnTheLastDayOfValidity() {
        assertTrue(scale(CertificateStatus.VALID, TODAY, "2.5.0").evaluate(TODAY).clinicalGrade());
    }

    @Test
    void shouldNotBeClinicalGradeWhenCertificateExpiredYesterday() {
        ClinicalGrade g = scale(CertificateStatus.VALID, TODAY.minusDays(1), "2.5.0").evaluate(TODAY);
        assertFalse(g.clinicalGrade());
        assertEquals("NO_VALID_CERTIFICATE", g.reasons().get(0).code());
        assertTrue(g.reasons().get(0).message().contains("CE-1 expired on " + TODAY.minusDays(1)), g.reasons().get(0).message());
    }

    @Test
    void shouldNotBeClinicalGradeWhenCertificateSuspended() {
        ClinicalGrade g = scale(CertificateStatus.SUSPENDED, TODAY.plusYears(1), "2.5.0").evaluate(TODAY);
        assertFalse(g.clinicalGrade());
        assertTrue(g.reasons().get(0).message().contains("SUSPENDED"));
    }

    @Test
    void shouldNotBeClinicalGradeWhenFirmwareNotApproved() {
        ClinicalGrade g = scale(CertificateStatus.VALID, TODAY.plusYears(1), "2.6.0-beta").evaluate(TODAY);
        assertFalse(g.clinicalGrade());
        assertEquals(List.of("FIRMWARE_NOT_APPROVED"), g.reasons().stream().map(ClinicalGrade.Reason::code).toList());
    }

    @Test
    void shouldNeverBeClinicalGradeWhenWellnessDevice() {
        ClinicalGrade.Inputs watch = new ClinicalGrade.Inputs(RegulatoryStatus.WELLNESS, null, List.of(), List.of("1.0"), "1.0");
        ClinicalGrade g = watch.evaluate(TODAY);
        assertFalse(g.clinicalGrade());
        assertEquals("NOT_A_MEDICAL_DEVICE", g.reasons().get(0).code());
    }

    @Test
    void shouldAcceptDeclarationOfConformityWithoutExpiry() {
        ClinicalGrade.Inputs classOne = new ClinicalGrade.Inputs(RegulatoryStatus.MEDICAL_DEVICE, DeviceClass.I,
                List.of(new ClinicalGrade.Certificate("d1", "DoC-1", CertificateKind.DECLARATION_OF_CONFORMITY, CertificateStatus.VALID,
                        TODAY.minusYears(1), null)), List.of("1.0"), "1.0");
        assertTrue(classOne.evaluate(TODAY).clinicalGrade());
        assertFalse(classOne.evaluate(TODAY.minusYears(2)).clinicalGrade(), "not before it was issued");
    }
}
