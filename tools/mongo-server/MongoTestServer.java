import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

/**
 * Runs mongo-java-server on HOST:PORT until SIGTERM; in memory, or on an H2 file when one is given. With
 * EXIT_ON_STDIN_EOF set it also stops (cleanly, closing the file) when its standard input closes.
 */
public class MongoTestServer {
  public static void main(String[] args) throws Exception {
    String host = args.length > 0 ? args[0] : "127.0.0.1";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
    String file = args.length > 2 ? args[2] : null;
    // Node driver 7 refuses servers older than MongoDB 4.4: report 6.0.0 / wire version 17.
    MongoVersion v6 = new MongoVersion() {
      public List<Integer> getVersionArray() { return List.of(6, 0, 0); }
      public int getWireVersion() { return 17; }
    };
    MongoBackend backend;
    try {
      backend = (file == null ? new MemoryBackend() : new H2Backend(file)).version(v6);
    } catch (RuntimeException e) {
      // One line the bot can act on (e.g. "The file is locked": the previous server is still closing it).
      System.err.println("mongo-java-server could not open " + file + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    MongoServer server = new MongoServer(backend);
    server.bind(host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
    if (System.getenv("EXIT_ON_STDIN_EOF") != null) {
      // The bot holds our stdin open: when it is gone, however it went, we close the H2 file cleanly and exit.
      Thread watch = new Thread(() -> {
        try {
          while (System.in.read() != -1) { /* ignore input */ }
        } catch (java.io.IOException ignored) {
          // treated as end of input
        }
        System.exit(0);
      });
      watch.setDaemon(true);
      watch.start();
    }
    System.out.println("mongo-java-server 1.47.0 listening on " + host + ":" + port + (file == null ? " (in memory)" : " (H2 file " + file + ")"));
    System.out.flush();
    Thread.currentThread().join();
  }
}
