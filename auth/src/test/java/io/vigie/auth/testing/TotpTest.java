package io.vigie.auth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {

    @ParameterizedTest(name = "t={0}s -> {1}")
    @CsvSource({
            // RFC 6238 appendix B, SHA1 key, last 6 of the 8 published digits
            "59, 287082",
            "1111111109, 081804",
            "1111111111, 050471",
            "1234567890, 005924",
            "2000000000, 279037",
    })
    void shouldMatchRfc6238VectorsWhenKeyIsTheRfcSeed(long unixSeconds, String expected) {
        byte[] rfcKey = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, KeycloakTokens.totp(rfcKey, unixSeconds / 30));
    }
}
