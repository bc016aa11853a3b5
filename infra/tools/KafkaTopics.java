import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * ./platform helper. "probe": reads broker metadata (readiness). "ensure FILE": probe, then creates the
 * topics of the catalogue that are missing, in each namespace (topic prefix: none for ./platform up, "test." for
 * the module tests, "e2e." for the e2e suite), and reports those whose partition count differs.
 * Usage: KafkaTopics BOOTSTRAP probe | ensure FILE [replicationFactor [prefix,prefix...]]
 */
public class KafkaTopics {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        try (Admin admin = Admin.create(props)) {
            DescribeClusterResult cluster = admin.describeCluster();
            int brokers = cluster.nodes().get(8, TimeUnit.SECONDS).size();
            System.out.println("kafka cluster " + cluster.clusterId().get(8, TimeUnit.SECONDS) + ", " + brokers + " broker(s)");
            if (args.length > 2 && args[1].equals("ensure")) {
                short rf = args.length > 3 ? Short.parseShort(args[3]) : 1;
                List<String> prefixes = args.length > 4 ? List.of(args[4].split(",", -1)) : List.of("");
                ensure(admin, Path.of(args[2]), rf, prefixes);
            }
        } catch (Exception e) {
            System.err.println("kafka: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void ensure(Admin admin, Path catalogue, short rf, List<String> prefixes) throws Exception {
        Set<String> existing = admin.listTopics().names().get(8, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(catalogue)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            for (String prefix : prefixes) {
                String[] f = line.split("\t");
                f[0] = prefix + f[0];
                rows.add(f);
                if (!existing.contains(f[0])) {
                    missing.add(new NewTopic(f[0], Integer.parseInt(f[1]), rf).configs(Map.of(
                            "cleanup.policy", f[2],
                            "retention.ms", f[3],
                            "min.insync.replicas", String.valueOf(Math.min(2, rf)))));
                }
            }
        }
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, TopicDescription> described = admin.describeTopics(rows.stream().map(r -> r[0]).toList())
                .allTopicNames().get(15, TimeUnit.SECONDS);
        int wrong = 0;
        Map<String, org.apache.kafka.clients.admin.NewPartitions> grow = new java.util.HashMap<>();
        for (String[] r : rows) {
            int actual = described.get(r[0]).partitions().size();
            if (actual < Integer.parseInt(r[1])) { // the catalogue grew a topic: add partitions (keys then move, which is why the catalogue does it)
                grow.put(r[0], org.apache.kafka.clients.admin.NewPartitions.increaseTo(Integer.parseInt(r[1])));
            } else if (actual != Integer.parseInt(r[1])) {
                wrong++;
                System.err.println("topic " + r[0] + " has " + actual + " partitions, the catalogue says " + r[1]
                        + " (delete it with ./platform infra down --wipe, or alter it by hand)");
            }
        }
        if (!grow.isEmpty()) {
            admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
        }
        System.out.println("topics: " + rows.size() / prefixes.size() + " in catalogue x " + prefixes.size() + " namespaces ("
                + String.join(" ", prefixes.stream().map(p -> p.isEmpty() ? "platform" : p).toList()) + "), " + missing.size() + " created, "
                + (grow.isEmpty() ? "" : grow.size() + " given more partitions, ") + wrong + " mismatched");
        if (wrong > 0) {
            System.exit(3);
        }
    }
}
