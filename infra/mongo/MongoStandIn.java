import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Local stand-in for MongoDB (wire-compatible de.bwaldvogel:mongo-java-server), started by ./platform
 * only when MONGODB_URI is not set. Usage: MongoStandIn [--host H] [--port P] [--file PATH | --ephemeral]
 */
public class MongoStandIn {
    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 27017;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--file" -> file = args[++i];
                case "--ephemeral" -> file = null;
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        MongoBackend backend = file == null ? new MemoryBackend() : new H2Backend(file);
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        server.bind(host, port);
        String storage = file == null ? "memory (ephemeral)" : "H2 file " + file;
        System.out.println("mongo stand-in listening on " + host + ":" + port + ", storage " + storage);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            backend.close();
            System.out.println("mongo stand-in stopped");
        }));
        Thread.currentThread().join();
    }
}
