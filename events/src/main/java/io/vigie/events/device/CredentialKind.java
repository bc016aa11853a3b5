package io.vigie.events.device;

public enum CredentialKind {
    /** A registry-generated secret, published only as a salted PBKDF2 hash. */
    SECRET,
    /** An X.509 client certificate, identified by the SHA-256 fingerprint of its DER encoding. */
    X509
}
