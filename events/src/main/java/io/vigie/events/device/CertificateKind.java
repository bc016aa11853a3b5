package io.vigie.events.device;

/** A notified body's CE certificate, or the manufacturer's declaration of conformity (lowest classes only). */
public enum CertificateKind {
    NB_CERTIFICATE, DECLARATION_OF_CONFORMITY
}
