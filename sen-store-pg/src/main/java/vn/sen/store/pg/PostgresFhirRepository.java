package vn.sen.store.pg;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.HistoryResult;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.access.AccessCheck;
import vn.sen.fhir.core.access.AccessFactExtractor;
import vn.sen.fhir.core.access.AccessFilter;
import vn.sen.fhir.core.access.CheckedRead;
import vn.sen.fhir.core.index.IndexExtractor;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

/**
 * The FHIR repository on PostgreSQL. Reads and searches return the stored JSON bytes; writes go
 * through {@link PostgresTransaction}, one database transaction per unit of work. A caller's {@link
 * AccessFilter} is applied inside each SQL statement ({@link AccessClause}) against the access facts kept
 * at write time; {@link CommitHook}s run in each unit of work's transaction just before it commits.
 */
public final class PostgresFhirRepository implements FhirRepository {
  private static final Logger log = LoggerFactory.getLogger(PostgresFhirRepository.class);
  private static final int RID_BLOCK = 500;

  private static final String READ = """
      select rid, rtype, id, ver, updated, deleted, body, pat from resource where rtype = ? and id = ?""";
  private static final String VREAD = """
      select rid, rtype, id, ver, updated, deleted, body, pat from resource
       where rtype = ? and id = ? and ver = ?
      union all
      select h.rid, h.rtype, h.id, h.ver, h.updated, h.deleted, h.body, h.pat
        from resource_history h join resource r on r.rid = h.rid
       where r.rtype = ? and r.id = ? and h.ver = ?""";

  private final DataSource dataSource;
  private final DataSource pointReads;
  private final IndexExtractor extractor;
  private final AccessFactExtractor facts;
  private final List<CommitHook> hooks;
  private final Clock clock;
  private final IdGenerator ids;
  private final ParamLayout layout;
  private final AccessClause.Source access;
  private final SearchExecutor searches;
  private final HistoryReader history;
  private final BodyEncoder bodies;
  private final FhirContext context;
  private final Deque<Long> rids = new ArrayDeque<>();

  /** A store that derives no access facts and runs no commit hooks. */
  public PostgresFhirRepository(DataSource dataSource, SearchParameterRegistry registry, IndexExtractor extractor,
      Clock clock, IdGenerator ids) {
    this(dataSource, registry, extractor, AccessFactExtractor.NONE, List.of(), clock, ids);
  }

  /**
   * @param facts derives from each resource written who may see its patient's record; the facts are kept
   *     in step with the resource's current version, in the transaction that writes it
   * @param hooks run, in order, in every unit of work's transaction just before it commits
   * @param clock stamps versions, and decides which care relations have expired
   */
  public PostgresFhirRepository(DataSource dataSource, SearchParameterRegistry registry, IndexExtractor extractor,
      AccessFactExtractor facts, List<CommitHook> hooks, Clock clock, IdGenerator ids) {
    this(dataSource, dataSource, registry, extractor, facts, hooks, clock, ids);
  }

  /**
   * @param pointReads where reads of one resource by id or version go, outside any transaction: statements
   *     of one fixed shape, best on sessions that cache their plans (the store's own may force a custom plan
   *     per execution because search values are skewed); may be {@code dataSource} itself
   */
  public PostgresFhirRepository(DataSource dataSource, DataSource pointReads, SearchParameterRegistry registry,
      IndexExtractor extractor, AccessFactExtractor facts, List<CommitHook> hooks, Clock clock, IdGenerator ids) {
    this.dataSource = dataSource;
    this.pointReads = pointReads;
    this.extractor = extractor;
    this.facts = facts;
    this.hooks = List.copyOf(hooks);
    this.clock = clock;
    this.ids = ids;
    this.layout = new ParamLayout(registry);
    SearchParamDef security = registry.find("Patient", "_security").orElseThrow();
    this.access = new AccessClause.Source(clock, layout.slots(security).get(0).key());
    this.searches = new SearchExecutor(registry, layout, access);
    this.history = new HistoryReader(access);
    this.bodies = new BodyEncoder(registry.context());
    this.context = registry.context();
  }

  @Override
  public AccessCheck check(String type, String id, AccessFilter filter) {
    Sql sql = new Sql().append("select ");
    access.of(filter).visible(sql, "r");
    sql.append(" from resource r where r.rtype = ").bind(type).append(" and r.id = ").bind(id);
    return query(connection -> {
      try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return AccessCheck.ABSENT;
        }
        return rs.getBoolean(1) ? AccessCheck.VISIBLE : AccessCheck.HIDDEN;
      }
    });
  }

  @Override
  public <T> T inTransaction(AccessFilter filter, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        PostgresTransaction tx = new PostgresTransaction(connection, this, access.of(filter));
        T result = work.run(tx);
        tx.flush();
        List<CommitHook.Change> changes = tx.changes();
        for (CommitHook hook : hooks) {
          hook.beforeCommit(connection, changes);
        }
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  @Override
  public Optional<StoredResource> read(String type, String id) {
    return query(pointReads, connection -> read(connection, type, id));
  }

  /** The visibility check and the read in one statement; the body is decoded only when visible. */
  @Override
  public CheckedRead read(String type, String id, AccessFilter filter) {
    if (filter.unrestricted()) {
      return CheckedRead.visible(read(type, id));
    }
    Sql sql = new Sql().append("select r.rid, r.rtype, r.id, r.ver, r.updated, r.deleted, r.body, r.pat, ");
    access.of(filter).visible(sql, "r");
    sql.append(" from resource r where r.rtype = ").bind(type).append(" and r.id = ").bind(id);
    return query(connection -> {
      try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return CheckedRead.ABSENT;
        }
        return rs.getBoolean(9) ? CheckedRead.visible(Optional.of(Rows.row(rs).resource())) : CheckedRead.HIDDEN;
      }
    });
  }

  @Override
  public Optional<StoredResource> vread(String type, String id, long versionId) {
    return query(pointReads, connection -> vread(connection, type, id, versionId));
  }

  @Override
  public SearchResult search(SearchQuery query) {
    return query(connection -> searches.search(connection, query));
  }

  @Override
  public HistoryResult history(HistoryQuery query) {
    return query(connection -> history.read(connection, query));
  }

  Optional<StoredResource> read(Connection connection, String type, String id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(READ)) {
      ps.setString(1, type);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.row(rs).resource()) : Optional.empty();
      }
    }
  }

  Optional<StoredResource> vread(Connection connection, String type, String id, long version) throws SQLException {
    if (version < 1 || version > Integer.MAX_VALUE) {
      return Optional.empty();
    }
    try (PreparedStatement ps = connection.prepareStatement(VREAD)) {
      ps.setString(1, type);
      ps.setString(2, id);
      ps.setInt(3, (int) version);
      ps.setString(4, type);
      ps.setString(5, id);
      ps.setInt(6, (int) version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.row(rs).resource()) : Optional.empty();
      }
    }
  }

  ParamLayout layout() {
    return layout;
  }

  SearchExecutor searches() {
    return searches;
  }

  /** The FHIR model, for parsing stored bodies. */
  FhirContext context() {
    return context;
  }

  BodyEncoder bodies() {
    return bodies;
  }

  IndexExtractor extractor() {
    return extractor;
  }

  AccessFactExtractor facts() {
    return facts;
  }

  AccessClause.Source access() {
    return access;
  }

  Clock clock() {
    return clock;
  }

  IdGenerator ids() {
    return ids;
  }

  /** Internal row ids, drawn from the sequence in blocks so a bundle costs no round trip per resource. */
  long nextRid(Connection connection) throws SQLException {
    synchronized (rids) {
      if (rids.isEmpty()) {
        try (PreparedStatement ps = connection.prepareStatement(
                "select nextval('resource_rid_seq') from generate_series(1, ?)")) {
          ps.setInt(1, RID_BLOCK);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rids.add(rs.getLong(1));
            }
          }
        }
      }
      return rids.removeFirst();
    }
  }

  private interface ConnectionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T query(ConnectionWork<T> work) {
    return query(dataSource, work);
  }

  private static <T> T query(DataSource source, ConnectionWork<T> work) {
    try (Connection connection = source.getConnection()) {
      connection.setAutoCommit(true);
      return work.run(connection);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  static FhirException translate(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return switch (state) {
      case "23505" -> new FhirException(ErrorCode.CONFLICT,
          "A resource with that id was created concurrently or already exists");
      case "40001", "40P01" -> new FhirException(ErrorCode.CONFLICT,
          "The write conflicted with a concurrent write; retry it");
      case "57014" -> new FhirException(ErrorCode.INVALID_REQUEST,
          "The search took too long and was cancelled; narrow it down");
      default -> {
        log.error("Database error, SQLState {}: {}", state, firstLine(e.getMessage()));
        yield new FhirException(ErrorCode.INTERNAL, "Database error (SQLState " + state + ")", e);
      }
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

}
