package io.vigie.patient.service;

/**
 * French INS (Identifiant National de Santé), NIR-based: 13 characters (sex, year, month, département — 2A/2B
 * for Corsica —, commune, order) and a 2-digit key = 97 - (number mod 97), with 2A → 19 and 2B → 18 for the
 * computation.
 */
public final class Ins {

    private Ins() {
    }

    public static String normalize(String ins) {
        return ins == null ? null : ins.replace(" ", "").toUpperCase();
    }

    public static boolean isValid(String ins) {
        String s = normalize(ins);
        if (s == null || !s.matches("[1-478]\\d{4}(\\d{2}|2A|2B)\\d{6}\\d{2}")) {
            return false;
        }
        String body = s.substring(0, 13);
        String dept = body.substring(5, 7);
        if (dept.equals("2A")) {
            body = body.substring(0, 5) + "19" + body.substring(7);
        } else if (dept.equals("2B")) {
            body = body.substring(0, 5) + "18" + body.substring(7);
        }
        long key = 97 - Long.parseLong(body) % 97;
        return key == Long.parseLong(s.substring(13));
    }
}
