package io.vigie.registry.service;

import io.vigie.events.device.ClinicalGrade;
import io.vigie.registry.model.Certificate;
import io.vigie.registry.model.Device;
import io.vigie.registry.model.DeviceCredential;
import io.vigie.registry.model.DeviceModel;
import java.time.LocalDate;
import java.util.List;

/** A device with what its answers and its state event are made of. */
public record DeviceDetails(Device device, DeviceModel model, List<Certificate> certificates, List<DeviceCredential> credentials) {

    public ClinicalGrade.Inputs gradeInputs() {
        return new ClinicalGrade.Inputs(model.regulatoryStatus, model.deviceClass,
                certificates.stream().map(Certificate::gateView).toList(), model.approvedFirmware, device.firmwareVersion);
    }

    public ClinicalGrade clinicalGrade(LocalDate date) {
        return gradeInputs().evaluate(date);
    }
}
