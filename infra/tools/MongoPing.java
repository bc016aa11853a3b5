import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

/** Readiness probe for ./platform: exit 0 when the server at args[0] answers {ping: 1}. */
public class MongoPing {
    public static void main(String[] args) {
        String uri = args[0];
        String sep = uri.contains("?") ? "&" : "?";
        try (MongoClient client = MongoClients.create(uri + sep + "serverSelectionTimeoutMS=2000&connectTimeoutMS=2000")) {
            Document answer = client.getDatabase("admin").runCommand(new Document("ping", 1));
            System.out.println("mongo ping ok=" + answer.get("ok"));
        } catch (RuntimeException e) {
            System.err.println("mongo ping failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
