import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h2.mvstore.MVStore;

/**
 * Runs mongo-java-server on HOST:PORT until SIGTERM; in memory, or on an H2 file when one is given. With
 * EXIT_ON_STDIN_EOF set it also stops (cleanly, closing the file) when its standard input closes. It uses indexes the
 * way MongoDB does where mongo-java-server would scan (see below): tests/integration/test-server.indexes.test.ts
 * checks that every answer stays what a full scan gives.
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
      backend = (file == null ? new Memory() : H2.open(file)).version(v6);
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

  // mongo-java-server uses a unique index only when a query has exactly the index's keys, and never for an
  // aggregation's first $match: `{_id: x, version: 3}` scans the collection. MongoDB uses the index whenever the query
  // pins its keys. So do we, below (the other keys are still matched), so that figures measured on this server grow
  // with the data the way MongoDB's would, not with a scan.

  /** Positions from a unique index whose every key the query pins (equality or $in), or null. */
  static <P> Iterable<P> indexed(List<Index<P>> indexes, Document query) {
    for (Index<P> index : indexes) {
      List<String> keys = index.getKeys().stream().map(IndexKey::getKey).collect(Collectors.toList());
      if (!index.isUnique() || !query.keySet().containsAll(keys)) continue;
      Document pinned = new Document();
      for (String key : keys) pinned.put(key, query.get(key));
      if (index.canHandle(pinned)) return index.getPositions(pinned);
    }
    return null;
  }

  /** An aggregation whose first stage is a $match an index can narrow: the whole pipeline over the narrowed set. */
  static Document aggregate(MongoDatabase db, String command, Document query, DatabaseResolver resolver, Oplog oplog,
      String ns) {
    if (!command.equalsIgnoreCase("aggregate") || !(query.get("pipeline") instanceof List<?> stages)) return null;
    if (stages.isEmpty() || !(stages.get(0) instanceof Document first) || !(first.get("$match") instanceof Document match)) return null;
    if (!(query.get(command) instanceof String name)) return null;
    MongoCollection<?> collection = db.resolveCollection(name, false);
    if (collection == null || indexed(collection.getIndexes(), match) == null) return null;
    Aggregation aggregation = Aggregation.fromPipeline(stages, resolver, db, collection, oplog);
    Stream<Document> narrowed = collection.handleQueryAsStream(match);
    Document cursor = new Document("id", 0L).append("ns", ns + "." + name).append("firstBatch", aggregation.runStages(narrowed));
    return new Document("cursor", cursor).append("ok", 1.0);
  }

  static final class Memory extends MemoryBackend {
    @Override
    public MemoryDatabase openOrCreateDatabase(String name) {
      return new MemoryDatabase(name, getCursorRegistry()) {
        @Override
        protected MemoryCollection openOrCreateCollection(String collection, CollectionOptions options) {
          return new MemoryCollection(this, collection, options, cursorRegistry) {
            @Override
            protected QueryResult queryDocuments(Document q, Document order, int skip, int limit, int batch, Document fields) {
              Iterable<Integer> positions = indexed(getIndexes(), q);
              return positions == null ? super.queryDocuments(q, order, skip, limit, batch, fields)
                  : matchDocuments(q, positions, order, skip, limit, batch, fields);
            }
          };
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
          Document answer = aggregate(this, command, query, resolver, oplog, getDatabaseName());
          return answer != null ? answer : super.handleCommand(channel, command, query, resolver, oplog);
        }

        @Override
        public MongoCollection<Integer> createCollectionOrThrowIfExists(String collection, CollectionOptions options) {
          synchronized (this) { // upstream checks, then creates, unlocked: a racing insert made it twice
            return super.createCollectionOrThrowIfExists(collection, options);
          }
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
          return new Ordered(name, keys);
        }
      };
    }
  }

  /**
   * A non-unique index (mongo-java-server has none: it ignores them): the documents ordered by the index's first key,
   * for a query that pins that key by equality, $in or a range. It only narrows; the query is still matched in full.
   * A top-level key only, scalar values only: a dotted key or an array value switches it off for good (a scan then).
   */
  static final class Ordered extends Index<Integer> {
    private static final Set<String> HANDLED = Set.of("$eq", "$in", "$lt", "$lte", "$gt", "$gte");
    private final String key;
    private final TreeMap<Object, Map<Object, Integer>> byValue = new TreeMap<>(ValueComparator.asc());
    private boolean off;
    private long count;

    Ordered(String name, List<IndexKey> keys) {
      super(name, keys, true); // "sparse" as mongo-java-server's own ignored index: a document may be absent
      key = keys.get(0).getKey();
      off = key.contains(".");
    }

    private Object valueOf(Document document) {
      Object value = document.get(key);
      if (value instanceof List<?> || value instanceof Document) off = true;
      return value;
    }

    private static boolean plain(Object value) {
      return !(value instanceof Document || value instanceof List<?> || value instanceof BsonRegularExpression);
    }

    @Override public Integer getPosition(Document document) { return null; }
    @Override public void checkAdd(Document document, MongoCollection<Integer> collection) { }
    @Override public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) { }

    @Override
    public void add(Document document, Integer position, MongoCollection<Integer> collection) {
      byValue.computeIfAbsent(valueOf(document), v -> new HashMap<>()).put(document.get("_id"), position);
      count++;
    }

    @Override
    public Integer remove(Document document) {
      Object value = document.get(key);
      Map<Object, Integer> ids = byValue.get(value);
      if (ids != null && ids.remove(document.get("_id")) != null) {
        count--;
        if (ids.isEmpty()) byValue.remove(value);
      }
      return null;
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Integer position, MongoCollection<Integer> collection) {
      remove(oldDocument);
      add(newDocument, position, collection);
    }

    @Override
    public boolean canHandle(Document query) {
      if (off || !query.containsKey(key)) return false;
      Object wanted = query.get(key);
      if (!(wanted instanceof Document operators)) return plain(wanted);
      if (operators.isEmpty() || !HANDLED.containsAll(operators.keySet())) return false;
      for (Map.Entry<String, Object> entry : operators.entrySet()) {
        if (entry.getKey().equals("$in")) {
          if (!(entry.getValue() instanceof List<?> values) || !values.stream().allMatch(Ordered::plain)) return false;
        } else if (!plain(entry.getValue())) {
          return false;
        }
      }
      return true;
    }

    /** Lazily, in key order: a query with a limit and no sort stops early, as on MongoDB (read before any change). */
    @Override
    public Iterable<Integer> getPositions(Document query) {
      Object wanted = query.get(key);
      if (!(wanted instanceof Document operators)) return byValue.getOrDefault(wanted, Map.of()).values();
      if (operators.get("$in") instanceof List<?> values) {
        Set<Integer> found = new java.util.LinkedHashSet<>(); // a value named twice: its documents once
        for (Object value : values) found.addAll(byValue.getOrDefault(value, Map.of()).values());
        return found;
      }
      NavigableMap<Object, Map<Object, Integer>> range = byValue;
      for (Map.Entry<String, Object> entry : operators.entrySet()) {
        Object bound = entry.getValue();
        try {
          range = switch (entry.getKey()) {
            case "$eq" -> range.subMap(bound, true, bound, true);
            case "$lt" -> range.headMap(bound, false);
            case "$lte" -> range.headMap(bound, true);
            case "$gt" -> range.tailMap(bound, false);
            default -> range.tailMap(bound, true);
          };
        } catch (IllegalArgumentException outside) {
          return List.of(); // bounds that exclude each other ($gt 5 and $lt 3): nothing
        }
      }
      Iterable<Map<Object, Integer>> buckets = range.values();
      return () -> java.util.stream.StreamSupport.stream(buckets.spliterator(), false)
          .flatMap(ids -> ids.values().stream()).iterator();
    }

    @Override public long getCount() { return count; }
    @Override public long getDataSize() { return 0; }

    @Override
    public void drop() {
      byValue.clear();
      count = 0;
    }
  }

  static final class H2 extends H2Backend {
    // H2Database opens its collections from its constructor, before a subclass could keep the store: one per process.
    private static MVStore store;

    static H2 open(String file) {
      store = MVStore.open(file);
      return new H2();
    }

    private H2() {
      super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
      return new H2Database(name, store, getCursorRegistry()) {
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collection, CollectionOptions options) {
          String full = getFullCollectionNamespace(collection);
          return new H2Collection(this, collection, options, store.openMap("databases." + full),
              store.openMap("meta." + full), cursorRegistry) {
            @Override
            protected QueryResult queryDocuments(Document q, Document order, int skip, int limit, int batch, Document fields) {
              Iterable<Object> positions = indexed(getIndexes(), q);
              return positions == null ? super.queryDocuments(q, order, skip, limit, batch, fields)
                  : matchDocuments(q, positions, order, skip, limit, batch, fields);
            }
          };
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
          Document answer = aggregate(this, command, query, resolver, oplog, getDatabaseName());
          return answer != null ? answer : super.handleCommand(channel, command, query, resolver, oplog);
        }

        @Override
        public MongoCollection<Object> createCollectionOrThrowIfExists(String collection, CollectionOptions options) {
          synchronized (this) { // as in memory: one check-and-create at a time
            return super.createCollectionOrThrowIfExists(collection, options);
          }
        }
      };
    }
  }
}
