package io.vigie.auth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Real tokens from the running Keycloak for the demo users of the dev realm (auth/realm/vigie-realm.json),
 * for tests and for {@code ./platform token}. JDK only, one file, so {@code java KeycloakTokens.java user} runs it.
 *
 * <p>Users holding an OTP role go through the real second factor: the TOTP code is computed from the
 * dev-only seed. Keycloak accepts a code once per user and counts a refused code as a failed login, so
 * tokens are cached across JVMs in {@code .platform/tokens/} (file-locked), renewed with the refresh token,
 * and a new password grant waits for a TOTP window this helper has not used yet.
 */
public final class KeycloakTokens {

    /** Dev-only password of every demo user (the realm's password policy accepts it). */
    public static final String DEMO_PASSWORD = "DevOnly-NotForProd-1";
    /** Dev-only TOTP seed of every demo user holding an OTP credential (UTF-8 bytes are the HMAC key). */
    public static final String DEMO_TOTP_SEED = "vigie-dev-only-totp-seed";
    /** Demo users whose roles require OTP (composites of mfa-required: clinician, device-admin, platform-admin). */
    public static final Set<String> OTP_USERS = Set.of("clinician-nord", "clinician-sud", "clinician-both",
            "device-admin-nord", "device-admin-sud", "platform-admin");
    public static final String CLI_CLIENT = "vigie-cli";

    private static final Pattern STRING_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Object> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final Map<String, Cached> CLIENT_TOKENS = new ConcurrentHashMap<>();

    private KeycloakTokens() {
    }

    /** Issuer of the dev realm; {@code -Dvigie.oidc.issuer} or {@code VIGIE_OIDC_ISSUER} override it. */
    public static String issuer() {
        String configured = System.getProperty("vigie.oidc.issuer", System.getenv("VIGIE_OIDC_ISSUER"));
        return configured != null ? configured : "http://127.0.0.1:8180/realms/vigie";
    }

    /** A valid access token of a demo user (at least 60 s left), from cache, refresh or password(+TOTP) grant. */
    public static String forUser(String username) {
        synchronized (JVM_LOCKS.computeIfAbsent(username, u -> new Object())) {
            Path dir = cacheDir();
            if (dir == null) {
                return passwordGrantWithRetry(username, new Properties()).getProperty("access_token");
            }
            try {
                Files.createDirectories(dir);
                try (FileChannel channel = FileChannel.open(dir.resolve(username + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    Path file = dir.resolve(username + ".properties");
                    Properties cached = load(file);
                    long now = Instant.now().getEpochSecond();
                    if (cached.containsKey("access_token") && Long.parseLong(cached.getProperty("access_expires_at", "0")) > now + 60) {
                        return cached.getProperty("access_token");
                    }
                    Properties fresh = refresh(cached);
                    if (fresh == null) {
                        fresh = passwordGrantWithRetry(username, cached);
                    }
                    store(file, fresh);
                    return fresh.getProperty("access_token");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("token cache " + dir, e);
            }
        }
    }

    /** A client-credentials token (cached in this JVM while it has at least 30 s left). */
    public static String forClient(String clientId, String secret) {
        long now = Instant.now().getEpochSecond();
        Cached cached = CLIENT_TOKENS.get(clientId);
        if (cached != null && cached.expiresAt > now + 30) {
            return cached.token;
        }
        Response r = post(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        if (r.status != 200) {
            throw new IllegalStateException("Keycloak refused client credentials for " + clientId + ": " + r.summary());
        }
        Cached fresh = new Cached(r.string("access_token"), now + r.number("expires_in"));
        CLIENT_TOKENS.put(clientId, fresh);
        return fresh.token;
    }

    /** A fresh client-credentials token, never cached (for tokens that must expire during a test). */
    public static String freshForClient(String clientId, String secret) {
        Response r = post(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        if (r.status != 200) {
            throw new IllegalStateException("Keycloak refused client credentials for " + clientId + ": " + r.summary());
        }
        return r.string("access_token");
    }

    /**
     * One raw password grant through the CLI client, as a person would attempt it: returns Keycloak's answer
     * (status and OAuth error). {@code totp} may be null to try without the second factor. Not cached.
     */
    public static Response passwordGrant(String username, String password, String totp) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLI_CLIENT);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        if (totp != null) {
            form.put("totp", totp);
        }
        return post(form);
    }

    /** RFC 6238 TOTP (HmacSHA1, 6 digits, 30 s) of the dev seed for a 30-second step. */
    public static String totp(long step) {
        return totp(DEMO_TOTP_SEED.getBytes(StandardCharsets.UTF_8), step);
    }

    /** RFC 6238 TOTP (HmacSHA1, 6 digits) of {@code key} for a 30-second step. */
    public static String totp(byte[] key, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] h = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
            int offset = h[h.length - 1] & 0xf;
            int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16)
                    | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    public static long currentStep() {
        return Instant.now().getEpochSecond() / 30;
    }

    /** The JSON payload of a JWT, decoded (for assertions on claims). */
    public static String payloadJson(String jwt) {
        String[] parts = jwt.split("\\.");
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------

    private static Properties refresh(Properties cached) {
        String refreshToken = cached.getProperty("refresh_token");
        long now = Instant.now().getEpochSecond();
        if (refreshToken == null || Long.parseLong(cached.getProperty("refresh_expires_at", "0")) <= now + 10) {
            return null;
        }
        Response r = post(Map.of("grant_type", "refresh_token", "client_id", CLI_CLIENT, "refresh_token", refreshToken));
        if (r.status != 200) {
            return null; // session ended or Keycloak restarted: a full login follows
        }
        return toProperties(r, cached.getProperty("last_totp_step", "0"));
    }

    private static Properties passwordGrantWithRetry(String username, Properties cached) {
        boolean otp = OTP_USERS.contains(username);
        long lastStep = Long.parseLong(cached.getProperty("last_totp_step", "0"));
        Response r = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            String code = null;
            if (otp) {
                long step = waitForUnusedStep(lastStep);
                lastStep = step;
                code = totp(step);
            }
            r = passwordGrant(username, DEMO_PASSWORD, code);
            if (r.status == 200) {
                return toProperties(r, String.valueOf(lastStep));
            }
            if (!otp || !"Invalid user credentials".equals(r.string("error_description"))) {
                break;
            }
            // the fixed demo password is right, so the code was refused: it was used elsewhere in this window
        }
        throw new IllegalStateException("Keycloak refused the password grant for " + username + ": " + r.summary()
                + " (is the realm imported? ./platform infra up; a user locked by brute-force detection is released after 60 s)");
    }

    private static long waitForUnusedStep(long lastUsed) {
        long step = currentStep();
        while (step <= lastUsed) {
            long wakeAt = (lastUsed + 1) * 30_000L + 200;
            try {
                Thread.sleep(Math.max(50, wakeAt - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a new TOTP window", e);
            }
            step = currentStep();
        }
        return step;
    }

    private static Properties toProperties(Response r, String lastTotpStep) {
        long now = Instant.now().getEpochSecond();
        Properties p = new Properties();
        p.setProperty("access_token", r.string("access_token"));
        p.setProperty("access_expires_at", String.valueOf(now + r.number("expires_in")));
        if (r.string("refresh_token") != null) {
            p.setProperty("refresh_token", r.string("refresh_token"));
            p.setProperty("refresh_expires_at", String.valueOf(now + r.number("refresh_expires_in")));
        }
        p.setProperty("last_totp_step", lastTotpStep);
        return p;
    }

    private static Path cacheDir() {
        String root = System.getProperty("vigie.root", System.getenv("VIGIE_ROOT"));
        if (root == null && Files.isDirectory(Path.of(".platform"))) {
            root = ".";
        }
        return root == null ? null : Path.of(root, ".platform", "tokens");
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    private static void store(Path file, Properties p) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "dev-only tokens of a demo user; deleted when ./platform restarts Keycloak");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** POSTs a form to the token endpoint of the realm. */
    public static Response post(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak is not reachable at " + issuer() + " (start it: ./platform infra up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keycloak's answer to a token request. */
    public record Response(int status, String body) {
        public String string(String field) {
            Matcher m = STRING_FIELD.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(field)) {
                    return m.group(2);
                }
            }
            return null;
        }

        public long number(String field) {
            Matcher m = NUMBER_FIELD.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(field)) {
                    return Long.parseLong(m.group(2));
                }
            }
            return 0;
        }

        public String summary() {
            return status + " " + (string("error") == null ? "" : string("error") + ": " + string("error_description"));
        }
    }

    private record Cached(String token, long expiresAt) {
    }

    /** {@code java KeycloakTokens.java <user>} or {@code --client <id> <secret>}: prints an access token. */
    public static void main(String[] args) {
        try {
            if (args.length == 3 && args[0].equals("--client")) {
                System.out.println(freshForClient(args[1], args[2]));
            } else if (args.length == 1 && !args[0].startsWith("-")) {
                System.out.println(forUser(args[0]));
            } else {
                System.err.println("usage: token <user> | token --client <client-id> <secret>");
                System.exit(2);
            }
        } catch (RuntimeException e) {
            System.err.println("token: " + e.getMessage());
            System.exit(1);
        }
    }
}
