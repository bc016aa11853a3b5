package io.vigie.registry.service;

/** GS1 UDI-DI: a GTIN-14 whose last digit is the mod-10 check digit of the 13 before it. */
public final class UdiDi {

    private UdiDi() {
    }

    public static boolean isValidGtin14(String gtin) {
        if (gtin == null || !gtin.matches("\\d{14}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            int digit = gtin.charAt(i) - '0';
            sum += (i % 2 == 0) ? digit * 3 : digit; // weights 3,1,3,… from the left for 13 data digits
        }
        int check = (10 - sum % 10) % 10;
        return check == gtin.charAt(13) - '0';
    }
}
