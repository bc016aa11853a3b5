package io.vigie.ingestion.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away PKI made with openssl: a CA, the MQTT server's certificate (127.0.0.1) and two device client
 * certificates, so the TLS listener and client-certificate authentication are tested for real.
 */
public class TlsMaterial implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "tls");
    static final String PASSWORD = "changeit";

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIR);
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                    "-subj", "/CN=Vigie test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            Files.writeString(DIR.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            Files.writeString(DIR.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
            signed("server", "/CN=127.0.0.1", "server.ext");
            for (String client : List.of("device", "stranger")) {
                signed(client, "/CN=vigie-test-" + client, "client.ext");
                run("openssl", "pkcs12", "-export", "-in", client + ".crt", "-inkey", client + ".key", "-out", client + ".p12",
                        "-passout", "pass:" + PASSWORD);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not create the test PKI with openssl", e);
        }
        String crt = DIR.resolve("server.crt").toAbsolutePath().toString();
        String key = DIR.resolve("server.key").toAbsolutePath().toString();
        String ca = DIR.resolve("ca.crt").toAbsolutePath().toString();
        return Map.ofEntries(Map.entry("quarkus.tls.key-store.pem.server.cert", crt), Map.entry("quarkus.tls.key-store.pem.server.key", key),
                Map.entry("quarkus.tls.trust-store.pem.certs", ca), Map.entry("quarkus.http.insecure-requests", "enabled"), Map.entry("quarkus.http.test-ssl-port", "0"),
                Map.entry("vigie.ingestion.mqtt.tls.enabled", "true"),
                Map.entry("vigie.ingestion.mqtt.tls.host", "127.0.0.1"), Map.entry("vigie.ingestion.mqtt.tls.port", "0"),
                Map.entry("vigie.ingestion.mqtt.tls.cert-path", crt), Map.entry("vigie.ingestion.mqtt.tls.key-path", key),
                Map.entry("vigie.ingestion.mqtt.tls.client-ca-path", ca));
    }

    @Override
    public void stop() {
    }

    private static void signed(String name, String subject, String ext) throws IOException, InterruptedException {
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt",
                "-days", "2", "-extfile", ext);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** SHA-256 fingerprint (hex) of a client certificate's DER encoding, as the registry stores it. */
    static String fingerprint(String client) throws Exception {
        try (InputStream in = Files.newInputStream(DIR.resolve(client + ".crt"))) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        }
    }

    /** TLS context trusting the test CA, presenting {@code client}'s certificate (or none when null). */
    static SSLContext context(String client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(DIR.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(DIR.resolve(client + ".p12"))) {
                keys.load(in, PASSWORD.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
