import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.Locale;

/** One line from a JMH JSON result: each benchmark's score. Run with jackson-databind on the class path. */
public class JmhSummary {
    public static void main(String[] args) throws Exception {
        StringBuilder b = new StringBuilder();
        for (JsonNode r : new ObjectMapper().readTree(new File(args[0]))) {
            String name = r.path("benchmark").asText();
            JsonNode m = r.path("primaryMetric");
            b.append(b.length() == 0 ? "" : ", ").append(name.substring(name.lastIndexOf('.') + 1)).append(' ')
                    .append(String.format(Locale.ROOT, "%.2f %s", m.path("score").asDouble(), m.path("scoreUnit").asText()));
        }
        System.out.println(b);
    }
}
