import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ./platform dlq: the services' dead-letter views for a local operator, through their admin API (platform-admin token).
 * Usage: Dlq TOKEN list SERVICE=URL... | Dlq TOKEN replay URL TOPIC (offsets P:O,P:O | from ISO to ISO) [force]
 */
public class Dlq {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public static void main(String[] args) throws Exception {
        String token = args[0];
        if (args[1].equals("list")) {
            int pending = 0;
            for (int i = 2; i < args.length; i++) {
                String[] s = args[i].split("=", 2);
                pending += list(token, s[0], s[1]);
            }
            System.exit(pending > 0 ? 3 : 0);
        }
        replay(token, args[2], args[3], List.of(args).subList(4, args.length));
    }

    static int list(String token, String service, String url) throws Exception {
        HttpResponse<String> r = send(token, HttpRequest.newBuilder(URI.create(url + "/api/v1/admin/dlq")).GET());
        if (r.statusCode() != 200) {
            System.out.printf("%s: %s%n", service, problem(r));
            return 0;
        }
        JsonNode view = JSON.readTree(r.body());
        System.out.printf("%s%n", service);
        for (JsonNode c : view.path("consumers")) {
            String state = c.path("state").asText();
            System.out.printf("  consumer %-28s %-8s processed %d, redeliveries skipped %d, dead-lettered %d%s%n", c.path("name").asText(), state,
                    c.path("processed").asLong(), c.path("duplicates").asLong(), c.path("deadLettered").asLong(),
                    state.equals("ok") ? "" : " — " + c.path("cause").asText() + " for " + c.path("stuckSeconds").asLong() + " s on " + c.path("record").asText());
        }
        int pending = 0;
        for (JsonNode t : view.path("topics")) {
            System.out.printf("  %-42s %d dead letters, %d not replayed%n", t.path("topic").asText(), t.path("count").asLong(), t.path("pending").asLong());
            pending += t.path("pending").asInt();
            for (JsonNode d : t.path("records")) {
                System.out.printf("    %d:%-6d %-26s event %-36s key %-20s %-11s %s (%s)%s%n", d.path("partition").asInt(), d.path("offset").asLong(),
                        d.path("consumer").asText(), d.path("eventId").asText("-"), d.path("key").asText("-"), d.path("kind").asText(),
                        d.path("reason").asText(), d.path("deadLetteredAt").asText(),
                        d.path("replayed").isObject() ? " replayed " + d.path("replayed").path("at").asText() + " by " + d.path("replayed").path("by").asText() : "");
            }
        }
        return pending;
    }

    static void replay(String token, String url, String topic, List<String> selection) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < selection.size(); i++) {
            switch (selection.get(i)) {
                case "offsets" -> body.put("offsets", List.of(selection.get(++i).split(",")));
                case "from" -> body.put("from", selection.get(++i));
                case "to" -> body.put("to", selection.get(++i));
                case "force" -> body.put("force", true);
                default -> throw new IllegalArgumentException("unknown replay option " + selection.get(i));
            }
        }
        HttpResponse<String> r = send(token, HttpRequest.newBuilder(URI.create(url + "/api/v1/admin/dlq/" + topic + "/replay"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        if (r.statusCode() != 200) {
            System.err.println("replay refused: " + problem(r));
            System.exit(1);
        }
        JsonNode result = JSON.readTree(r.body());
        List<String> done = new ArrayList<>();
        result.path("replayed").forEach(d -> done.add(d.path("partition").asInt() + ":" + d.path("offset").asLong() + " (event " + d.path("eventId").asText("-") + ")"));
        System.out.printf("replayed %d onto their topic: %s%n", done.size(), String.join(", ", done));
        result.path("skipped").forEach(s -> System.out.printf("skipped %d:%d: %s%n", s.path("partition").asInt(), s.path("offset").asLong(), s.path("why").asText()));
    }

    static HttpResponse<String> send(String token, HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.header("Authorization", "Bearer " + token).header("X-Purpose", "operations").timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String problem(HttpResponse<String> r) {
        try {
            JsonNode p = JSON.readTree(r.body());
            return r.statusCode() + " " + p.path("title").asText() + ": " + p.path("detail").asText();
        } catch (Exception e) {
            return "HTTP " + r.statusCode();
        }
    }
}
