package io.vigie.patient.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InsTest {

    @ParameterizedTest
    @ValueSource(strings = {"255081416802538", "184067645108947", "169059935003528", "185012A12345666", "269052B00401255",
            "2 55 08 14 168 025 38", "185012a12345666"})
    void shouldAcceptAnInsWhenItsKeyIs97MinusTheNumberModulo97(String ins) {
        assertTrue(Ins.isValid(ins), ins);
    }

    @ParameterizedTest
    @ValueSource(strings = {"255081416802539", // key off by one
            "255081416802583", // key digits swapped
            "255081416802", // too short
            "2550814168025380", // too long
            "555081416802538", // first digit is not a sex / NIA digit
            "2932A1234567809", // 2A where the month is
            "185012A12345667", // Corsica: key computed without replacing 2A by 19
            "185012C12345666", // no department 2C
            "25508141680253X", ""})
    void shouldRefuseAnInsWhenTheKeyOrTheLayoutIsWrong(String ins) {
        assertFalse(Ins.isValid(ins), ins);
    }

    @Test
    void shouldComputeCorsicaKeysWith19For2AAnd18For2B() {
        // given the same number written with 2A, 19 and 2B
        long with2A = 97 - Long.parseLong("1850119123456") % 97;
        long with2B = 97 - Long.parseLong("1850118123456") % 97;
        // then each key only matches its own department
        assertTrue(Ins.isValid("185012A123456" + String.format("%02d", with2A)));
        assertTrue(Ins.isValid("185012B123456" + String.format("%02d", with2B)));
        assertFalse(Ins.isValid("185012B123456" + String.format("%02d", with2A)));
        assertEquals("185012A12345666", Ins.normalize("1 85 01 2a 123 456 66"));
    }

    @Test
    void shouldRefuseNull() {
        assertFalse(Ins.isValid(null));
    }
}
