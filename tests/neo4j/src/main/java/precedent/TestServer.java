package precedent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A throwaway Neo4j 5 community server for the tests: Bolt on 127.0.0.1 only, on a port the system
 * picks (or the one given), with authentication on and the password given, data in a temporary folder
 * that is deleted on the way out.
 *
 * <p>Usage: {@code java -cp ... precedent.TestServer PASSWORD [PORT [PAGECACHE_MB [HOME]]]}; the password
 * comes from the environment variable NEO4J_PASSWORD when the first argument is "-"; PORT 0 lets the
 * system pick a free one; a HOME folder given is used and kept (a graph that outlives the run). Prints
 * {@code bolt://127.0.0.1:PORT} on stdout once it accepts connections; stops cleanly (database shut
 * down, folder deleted) on SIGTERM, Ctrl-C, or when its standard input closes, so a launcher that
 * dies takes the server with it.
 */
public final class TestServer {
    private TestServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TestServer PASSWORD|- [PORT [PAGECACHE_MB [HOME]]]");
            System.exit(2);
        }
        String password = args[0].equals("-") ? System.getenv("NEO4J_PASSWORD") : args[0];
        if (password == null || password.length() < 8) {
            System.err.println("TestServer: the password must have 8 characters or more");
            System.exit(2);
        }
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        long pagecacheMb = args.length > 2 ? Long.parseLong(args[2]) : 256;

        boolean keep = args.length > 3 && !args[3].isEmpty();
        Path home = keep ? Files.createDirectories(Path.of(args[3])) : Files.createTempDirectory("precedent-neo4j-");
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecacheMb * 1024 * 1024)
                .build();
        Thread stop = new Thread(() -> shutdown(dbms, keep ? null : home), "neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);

        dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        var bolt = db.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        System.out.println("bolt://127.0.0.1:" + bolt.getPort());
        System.out.flush();

        // Standard input closing (the launcher exited, or was killed) ends the server too.
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // whatever is written is ignored; only the end matters
            }
        } catch (IOException ignored) {
            // a broken pipe means the same
        }
        System.exit(0);  // runs the shutdown hook
    }

    /** Stops the database, then deletes `home` unless it is null. */
    private static void shutdown(DatabaseManagementService dbms, Path home) {
        dbms.shutdown();
        if (home == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("TestServer: could not delete " + home + ": " + e.getMessage());
        }
    }
}
