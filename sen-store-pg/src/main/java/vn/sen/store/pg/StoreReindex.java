package vn.sen.store.pg;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.fhir.core.access.AccessFact;
import vn.sen.fhir.core.index.Extraction;
import vn.sen.fhir.core.index.IndexedValue;

/**
 * Derives the search index rows, the patient compartment and the access facts of stored resources again,
 * with the rules the store's write path uses now ({@link PostgresFhirRepository#extractor()}, {@link
 * PostgresFhirRepository#facts()}): after the rules changed (a new search parameter, a fixed fact
 * extractor) or for a database written before the access facts existed.
 *
 * <p>It walks the current version of every resource in {@code rid} order, a batch at a time. Each batch is
 * read and its bodies parsed and extracted outside any transaction; then one short transaction locks the
 * batch's resource rows, keeps those still at the version that was read, and replaces their rows. A
 * resource written since it was read is left alone: its writer wrote rows from its new version. Safe while
 * Sen serves, resumable from any rid ({@link Options#fromRid()}).
 */
public final class StoreReindex {
  private static final Logger log = LoggerFactory.getLogger(StoreReindex.class);
  public static final int DEFAULT_BATCH = 500;

  // a deletion marker has no body: its `_security` rows come from the version it deleted, as the write
  // path copies them (PostgresTransaction.keepLabels)
  private static final String READ = """
      select r.rid, r.ver, r.deleted, r.pat, coalesce(r.body, h.body)
        from resource r
        left join resource_history h on r.deleted and h.rid = r.rid and h.ver = r.ver - 1
       where r.rid >= ? and (cardinality(?::text[]) = 0 or r.rtype = any(?::text[]))
       order by r.rid
       limit ?""";
  private static final String READ_ONE = """
      select r.rid, r.ver, r.deleted, r.pat, coalesce(r.body, h.body)
        from resource r
        left join resource_history h on r.deleted and h.rid = r.rid and h.ver = r.ver - 1
       where r.rid = ?""";
  // SKIP LOCKED: a row a writer holds is about to get a new version (and fresh rows from it), and waiting
  // for it while holding the rest of the batch could deadlock with a transaction Bundle that locks in
  // another order; skipped rows are retried one at a time, each waiting for its own lock only.
  private static final String LOCK_BATCH = """
      select rid, ver from resource where rid = any(?::bigint[]) order by rid for update skip locked""";
  // one row, waiting: the reindex holds no other lock, so the wait cannot be part of a deadlock
  private static final String LOCK_ONE = "select rid, ver from resource where rid = ? for update";
  private static final List<String> INDEX_TABLES = List.of("idx_token", "idx_string", "idx_date", "idx_number",
      "idx_quantity", "idx_ref", "idx_uri", "idx_composite");
  /**
   * Index tables with no index that starts with rid (the write path keeps one b-tree per table where it
   * can): for the reindex's time each gets one, so that replacing a batch's rows finds them by rid instead of
   * scanning the whole table once per batch.
   */
  private static final List<String> WITHOUT_RID_INDEX = List.of("idx_token", "idx_number", "idx_quantity",
      "idx_uri", "idx_composite");
  /** Helper index names: {@code <table>_reindex_rid_<run>}, a new name each run (STYLE: never reuse one). */
  private static final String HELPER_INFIX = "_reindex_rid_";
  private static final String LEFT_BEHIND = "select indexname from pg_indexes where schemaname = current_schema()"
      + " and tablename = ? and starts_with(indexname, ?)";
  private static final String SET_PATIENT = """
      update resource set pat = n.pat
        from unnest(?::bigint[], ?::text[]) as n(rid, pat)
       where resource.rid = n.rid and resource.pat is distinct from n.pat""";

  /**
   * @param types resource types to reindex; empty for all
   * @param search whether to replace the search index rows (and the patient compartment)
   * @param facts whether to replace the access facts (and the patient compartment)
   * @param fromRid the first rid to reindex (1 for all)
   * @param batchSize resources per transaction
   * @param threads how many threads parse and extract a batch's resources (the bulk of the work)
   */
  public record Options(Set<String> types, boolean search, boolean facts, long fromRid, int batchSize,
      int threads) {
    public Options {
      types = Set.copyOf(types);
      if (!search && !facts) {
        throw new IllegalArgumentException("nothing to reindex: neither search rows nor access facts");
      }
      if (batchSize < 1 || threads < 1) {
        throw new IllegalArgumentException("batch size and threads must be positive");
      }
    }

    /** On one thread. */
    public Options(Set<String> types, boolean search, boolean facts, long fromRid, int batchSize) {
      this(types, search, facts, fromRid, batchSize, 1);
    }

    public static Options all() {
      return new Options(Set.of(), true, true, 1, DEFAULT_BATCH);
    }
  }

  /**
   * Counts so far; never patient data.
   *
   * @param resources resources whose rows were replaced
   * @param moved resources skipped because they were written during the reindex (their writer derived
   *     their rows)
   * @param unreadable resources whose stored body could not be parsed (left as they were; logged by rid)
   * @param indexRows search index rows written
   * @param factRows access facts written
   * @param nextRid where to resume ({@code --from-rid}); past the last rid when done
   */
  public record Progress(long resources, long moved, long unreadable, long indexRows, long factRows,
      long nextRid, Duration elapsed) {}

  /** Told after each batch. */
  @FunctionalInterface
  public interface Listener {
    void batchDone(Progress progress);
  }

  private final DataSource dataSource;
  private final PostgresFhirRepository repository;

  /** @param repository the store whose extraction rules apply; {@code dataSource} must be its database */
  public StoreReindex(DataSource dataSource, PostgresFhirRepository repository) {
    this.dataSource = dataSource;
    this.repository = repository;
  }

  public Progress run(Options options, Listener listener) {
    long started = System.nanoTime();
    Tally tally = new Tally();
    long next;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      String run = Long.toString(System.currentTimeMillis(), 36);
      if (options.search()) {
        createHelperIndexes(connection, run);
      }
      try (ForkJoinPool pool = new ForkJoinPool(options.threads())) {
        next = walk(connection, options, listener, tally, started, pool);
      } finally {
        if (options.search()) {
          dropHelperIndexes(connection, run);
        }
      }
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
    Progress done = tally.progress(next, started);
    log.info("Reindexed {} resources ({} moved on, {} unreadable): {} index rows, {} access facts in {} ms",
        done.resources(), done.moved(), done.unreadable(), done.indexRows(), done.factRows(),
        done.elapsed().toMillis());
    return done;
  }

  /** Reindexes batch after batch; returns the rid after the last one. */
  private long walk(Connection connection, Options options, Listener listener, Tally tally, long started,
      ForkJoinPool pool) throws SQLException {
    long next = options.fromRid();
    while (true) {
      List<Derived> batch = readBatch(connection, options, next, pool);
      if (batch.isEmpty()) {
        return next;
      }
      List<Long> locked = write(connection, batch, options, tally, false);
      for (long rid : locked) {
        List<Derived> one = readOne(connection, rid);
        if (!one.isEmpty()) {
          write(connection, one, options, tally, true);
        }
      }
      next = batch.get(batch.size() - 1).rid() + 1;
      listener.batchDone(tally.progress(next, started));
    }
  }

  // CONCURRENTLY: writers go on while the helper index is built (and dropped); the helpers of a run that
  // was killed (valid or left invalid by an interrupted build) are dropped first
  private static void createHelperIndexes(Connection connection, String run) throws SQLException {
    for (String table : WITHOUT_RID_INDEX) {
      List<String> leftBehind = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(LEFT_BEHIND)) {
        ps.setString(1, table);
        ps.setString(2, table + HELPER_INFIX);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            leftBehind.add(rs.getString(1));
          }
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String name : leftBehind) {
          statement.execute("drop index concurrently if exists " + name);
        }
        statement.execute("create index concurrently " + table + HELPER_INFIX + run + " on " + table + " (rid)");
      }
    }
  }

  private static void dropHelperIndexes(Connection connection, String run) throws SQLException {
    for (String table : WITHOUT_RID_INDEX) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("drop index concurrently if exists " + table + HELPER_INFIX + run);
      }
    }
  }

  /** What one stored resource yields under the current rules. */
  private record Derived(long rid, int ver, boolean deleted, @Nullable String storedPatient,
      @Nullable Extraction extraction, List<AccessFact> facts) {
    /** The extraction of a resource that was read. */
    Extraction rules() {
      return Objects.requireNonNull(extraction, "unreadable resources are not replaced");
    }
  }

  private List<Derived> readBatch(Connection connection, Options options, long from, ForkJoinPool pool)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(READ)) {
      Object[] types = options.types().toArray();
      ps.setLong(1, from);
      ps.setArray(2, connection.createArrayOf("text", types));
      ps.setArray(3, connection.createArrayOf("text", types));
      ps.setInt(4, options.batchSize());
      List<Stored> stored = stored(ps);
      return options.threads() == 1 ? stored.stream().map(this::derive).toList()
          : pool.submit(() -> stored.parallelStream().map(this::derive).toList()).join();
    }
  }

  private List<Derived> readOne(Connection connection, long rid) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(READ_ONE)) {
      ps.setLong(1, rid);
      return stored(ps).stream().map(this::derive).toList();
    }
  }

  /** A current row as read: for a deletion marker, the body is the deleted version's. */
  private record Stored(long rid, int ver, boolean deleted, @Nullable String patient, byte @Nullable [] body) {}

  private static List<Stored> stored(PreparedStatement ps) throws SQLException {
    List<Stored> stored = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        stored.add(new Stored(rs.getLong(1), rs.getInt(2), rs.getBoolean(3), rs.getString(4), rs.getBytes(5)));
      }
    }
    return stored;
  }

  private Derived derive(Stored row) {
    long rid = row.rid();
    int ver = row.ver();
    boolean deleted = row.deleted();
    @Nullable String storedPatient = row.patient();
    byte @Nullable [] body = row.body();
    if (body == null || body.length == 0) {
      return new Derived(rid, ver, deleted, storedPatient, null, List.of());
    }
    Resource resource;
    try {
      String json = new String(BodyCodec.decode(body), StandardCharsets.UTF_8);
      resource = (Resource) repository.context().newJsonParser().parseResource(json);
    } catch (RuntimeException e) {
      log.warn("Reindex: stored body of rid {} version {} cannot be read ({}); its rows are left as they are",
          rid, ver, e.getClass().getSimpleName());
      return new Derived(rid, ver, deleted, storedPatient, null, List.of());
    }
    Extraction extraction = repository.extractor().extract(resource);
    if (deleted) {
      List<IndexedValue> labels = extraction.values().stream()
          .filter(v -> v.param().code().equals("_security")).toList();
      return new Derived(rid, ver, true, storedPatient, new Extraction(labels, extraction.patientCompartment()),
          List.of());
    }
    return new Derived(rid, ver, false, storedPatient, extraction,
        repository.facts().extract(resource, extraction.patientCompartment()));
  }

  /**
   * Replaces the rows of the resources still at the version read, in one transaction; returns the rids a
   * writer held (only when not {@code waiting}), to be retried one at a time.
   */
  private List<Long> write(Connection connection, List<Derived> batch, Options options, Tally tally,
      boolean waiting) throws SQLException {
    connection.setAutoCommit(false);
    try {
      Map<Long, Integer> current = lock(connection, batch, waiting);
      List<Long> heldByWriters = new ArrayList<>();
      List<Derived> kept = new ArrayList<>();
      for (Derived d : batch) {
        Integer ver = current.get(d.rid());
        if (ver == null) {
          heldByWriters.add(d.rid());
        } else if (ver != d.ver()) {
          tally.moved++;
        } else if (d.extraction() == null) {
          tally.unreadable++;
        } else {
          kept.add(d);
        }
      }
      replace(connection, kept, options, tally);
      connection.commit();
      tally.resources += kept.size();
      return waiting ? List.of() : heldByWriters;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static Map<Long, Integer> lock(Connection connection, List<Derived> batch, boolean waiting)
      throws SQLException {
    Map<Long, Integer> current = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(waiting ? LOCK_ONE : LOCK_BATCH)) {
      if (waiting) {
        ps.setLong(1, batch.get(0).rid());
      } else {
        ps.setArray(1, connection.createArrayOf("bigint", batch.stream().map(Derived::rid).toArray()));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          current.put(rs.getLong(1), rs.getInt(2));
        }
      }
    }
    return current;
  }

  private void replace(Connection connection, List<Derived> kept, Options options, Tally tally)
      throws SQLException {
    if (kept.isEmpty()) {
      return;
    }
    Object[] rids = kept.stream().map(Derived::rid).toArray();
    if (options.search()) {
      // rows of every version go: the current one's are written again below, older ones are stale
      // (what `compact` removes) except a deletion marker's labels, which are derived again too
      for (String table : INDEX_TABLES) {
        try (PreparedStatement ps = connection.prepareStatement("delete from " + table + " where rid = any(?)")) {
          ps.setArray(1, connection.createArrayOf("bigint", rids));
          ps.executeUpdate();
        }
      }
      IndexBuffer index = new IndexBuffer(repository.layout());
      for (Derived d : kept) {
        index.add(d.rid(), d.ver(), d.rules().values());
      }
      tally.indexRows += index.rows();
      index.flush(connection);
    }
    if (options.facts()) {
      FactBuffer facts = new FactBuffer();
      for (Derived d : kept) {
        facts.remove(d.rid());
        facts.add(d.rid(), d.facts());
        tally.factRows += d.facts().size();
      }
      facts.flush(connection);
    }
    List<Long> moved = new ArrayList<>();
    List<@Nullable String> patients = new ArrayList<>();
    for (Derived d : kept) {
      String patient = d.rules().patientCompartment();
      if (patient == null ? d.storedPatient() != null : !patient.equals(d.storedPatient())) {
        moved.add(d.rid());
        patients.add(patient);
      }
    }
    if (!moved.isEmpty()) {
      try (PreparedStatement ps = connection.prepareStatement(SET_PATIENT)) {
        ps.setArray(1, connection.createArrayOf("bigint", moved.toArray()));
        ps.setArray(2, connection.createArrayOf("text", patients.toArray()));
        ps.executeUpdate();
      }
    }
  }

  private static final class Tally {
    long resources;
    long moved;
    long unreadable;
    long indexRows;
    long factRows;

    Progress progress(long nextRid, long startedNanos) {
      return new Progress(resources, moved, unreadable, indexRows, factRows, nextRid,
          Duration.ofNanos(System.nanoTime() - startedNanos));
    }
  }
}
