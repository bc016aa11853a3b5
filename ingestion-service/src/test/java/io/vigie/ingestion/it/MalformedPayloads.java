package io.vigie.ingestion.it;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A deterministic generator of hostile and broken device payloads (seeded, so a failure is reproducible). */
final class MalformedPayloads {

    private MalformedPayloads() {
    }

    static List<byte[]> generate(int n, long seed) {
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        String valid = Fixtures.readings(7L, Fixtures.reading("ok", "8867-4", 72, "/min", Instant.now()));
        Object[] weird = {"null", "true", "[]", "{}", "\"\"", "\"72\"", "1e400", "-1e400", "NaN", "-0", "99999999999999999999999999999999999",
                "\"\\u0000\"", "\"" + "x".repeat(5000) + "\"", "[1,2,3]", "{\"a\":{\"b\":{}}}", "0.000000000000001", "-273.15"};
        for (int i = 0; i < n; i++) {
            String p;
            switch (i % 10) {
                case 0 -> {
                    byte[] b = new byte[rnd.nextInt(200)];
                    rnd.nextBytes(b);
                    out.add(b);
                    continue;
                }
                case 1 -> p = valid.substring(0, rnd.nextInt(valid.length()));
                case 2 -> p = "{\"readings\":[" + Fixtures.reading("r" + i, pick(rnd, "8867-4", "0000-0", "", "85354-9", "67775-7"),
                        weird[rnd.nextInt(weird.length)], pick(rnd, "/min", "kg", "", "\\u202e", "mm[Hg]"), Instant.now()).replace("\"ts\":\"", "\"ts\":\"" + pick(rnd, "", "x", "2026-13-45T")) + "]}";
                case 3 -> p = "{\"readings\":[" + "[".repeat(rnd.nextInt(80)) + "]".repeat(rnd.nextInt(80)) + "]}";
                case 4 -> p = "{\"seq\":" + weird[rnd.nextInt(weird.length)] + ",\"readings\":[" + Fixtures.reading("s" + i, "8867-4", 70, "/min", Instant.now()) + "]}";
                case 5 -> p = "{\"readings\":[" + weird[rnd.nextInt(weird.length)] + "," + weird[rnd.nextInt(weird.length)] + "]}";
                case 6 -> p = "{\"readings\":[{\"id\":\"c" + i + "\",\"code\":\"85354-9\",\"ts\":\"" + Instant.now() + "\",\"components\":"
                        + weird[rnd.nextInt(weird.length)] + "}]}";
                case 7 -> p = "{\"readings\":[{\"id\":" + weird[rnd.nextInt(weird.length)] + ",\"code\":\"8867-4\",\"value\":70,\"unit\":\"/min\",\"ts\":\""
                        + Instant.now() + "\"}], \"readings\": " + weird[rnd.nextInt(weird.length)] + "}";
                case 8 -> p = new String(valid.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1).replace('"', (char) (rnd.nextInt(31) + 1));
                default -> p = valid.replace("72", weird[rnd.nextInt(weird.length)].toString()).replace("/min", pick(rnd, "/min", "[degF]", "{steps}"));
            }
            out.add(p.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }
}
