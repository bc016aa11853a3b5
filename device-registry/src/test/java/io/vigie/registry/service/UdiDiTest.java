package io.vigie.registry.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UdiDiTest {

    @ParameterizedTest
    @ValueSource(strings = {"00012345678905", "03700546702372", "10614141000415", "00000000000000"})
    void shouldAcceptGtin14WhenCheckDigitVerifies(String gtin) {
        assertTrue(UdiDi.isValidGtin14(gtin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00012345678904", "03700546702371", "10614141000416", "0001234567890", "000123456789055", "0001234567890A"})
    void shouldRefuseWhenCheckDigitOrLengthIsWrong(String gtin) {
        assertFalse(UdiDi.isValidGtin14(gtin));
    }
}
