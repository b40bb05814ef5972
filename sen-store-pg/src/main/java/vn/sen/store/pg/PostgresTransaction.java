package vn.sen.store.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.FhirTransaction;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.index.Extraction;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

/**
 * One unit of work on one connection. New resources are buffered and written in bulk ({@link
 * #flush()}) before anything reads, updates or deletes, and at commit.
 */
final class PostgresTransaction implements FhirTransaction {
  private static final String INSERT_RESOURCES = """
      insert into resource (rid, rtype, id, ver, updated, deleted, pat, body)
      select rid, rtype, id, ver, to_timestamp(ms / 1000.0), false, pat, body
        from unnest(?::bigint[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::text[], ?::bytea[])
             as n(rid, rtype, id, ver, ms, pat, body)""";
  // Row lock on the current version: concurrent writers of one resource queue here, so each sees the
  // version the previous one committed and If-Match / version numbering never lose an update.
  private static final String LOCK = """
      select rid, ver, deleted, pat from resource where rtype = ? and id = ? for update""";
  // Index rows of the old version stay (append-only); queries match (rid, ver) to the current row.
  private static final String NEW_VERSION = """
      with old as (
        insert into resource_history (rid, ver, rtype, id, updated, deleted, body, pat)
        select rid, ver, rtype, id, updated, deleted, body, pat from resource where rid = ?
      )
      update resource set ver = ?, updated = ?, deleted = ?, pat = ?, body = ? where rid = ?""";

  private static final String KEEP_LABELS = """
      insert into idx_token (rid, ver, param, h_code, h_sys)
      select rid, ?, param, h_code, h_sys from idx_token where rid = ? and ver = ? and param = ?""";

  private final Connection connection;
  private final PostgresFhirRepository repository;
  private final AccessClause access;
  private final IndexBuffer index;
  private final FactBuffer facts = new FactBuffer();
  private final PendingResources pending = new PendingResources();
  private final Set<String> pendingKeys = new HashSet<>();
  private final List<CommitHook.Change> changes = new ArrayList<>();

  /** @param access the filter the unit of work's writes, searches and matches are held to */
  PostgresTransaction(Connection connection, PostgresFhirRepository repository, AccessClause access) {
    this.connection = connection;
    this.repository = repository;
    this.access = access;
    this.index = new IndexBuffer(repository.layout());
  }

  /** What the unit of work wrote, in order, for the commit hooks. */
  List<CommitHook.Change> changes() {
    return List.copyOf(changes);
  }

  @Override
  public WriteResult create(Resource resource, @Nullable SearchQuery ifNoneExist) {
    Optional<WriteResult> existing = existing(resource, ifNoneExist);
    if (existing.isPresent()) {
      return existing.get();
    }
    String type = resource.fhirType();
    String id = claimId(resource, type);
    try {
      StoredResource stored = insertNew(resource, type, id, null);
      return new WriteResult(stored, WriteResult.Kind.CREATED);
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  @Override
  public WriteResult createOpening(Resource resource, String patient, @Nullable SearchQuery ifNoneExist) {
    Optional<WriteResult> existing = existing(resource, ifNoneExist);
    if (existing.isPresent()) {
      return existing.get();
    }
    String type = resource.fhirType();
    String id = claimId(resource, type);
    try {
      return new WriteResult(insertNew(resource, type, id, patient), WriteResult.Kind.CREATED);
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  /** The single match of a conditional create's criteria; several fail with MULTIPLE_MATCHES. */
  private Optional<WriteResult> existing(Resource resource, @Nullable SearchQuery ifNoneExist) {
    if (ifNoneExist == null) {
      return Optional.empty();
    }
    List<ResourceKey> matches = match(ifNoneExist, 2);
    if (matches.size() > 1) {
      throw new FhirException(ErrorCode.MULTIPLE_MATCHES,
          "If-None-Exist criteria match more than one " + resource.fhirType());
    }
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    ResourceKey key = matches.get(0);
    return Optional.of(new WriteResult(read(key.type(), key.id()).orElseThrow(), WriteResult.Kind.EXISTING));
  }

  /** The resource's own id or a new one, claimed for this unit of work. */
  private String claimId(Resource resource, String type) {
    String id = resource.getIdElement().getIdPart();
    if (id == null || id.isEmpty()) {
      id = repository.ids().newId();
    } else if (!ResourceKey.isValidId(id)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "Invalid resource id '" + id + "'", type + ".id");
    }
    if (!pendingKeys.add(type + "/" + id)) {
      throw new FhirException(ErrorCode.CONFLICT, "Resource " + type + "/" + id + " is written twice");
    }
    return id;
  }

  /** @param opening the patient whose record this write may open (see createOpening), else null */
  private StoredResource insertNew(Resource resource, String type, String id, @Nullable String opening)
      throws SQLException {
    Instant now = now();
    byte[] json = stamp(resource, type, id, 1, now);
    Extraction extraction = repository.extractor().extract(resource, repository.layout()::written);
    String patient = extraction.patientCompartment();
    if (opening != null) {
      if (!opening.equals(patient)) {
        throw new FhirException(ErrorCode.FORBIDDEN,
            "Writing " + type + "/" + id + " is not allowed: it does not belong to the record it may open");
      }
    } else if (!type.equals("Patient")) {
      // registering a patient creates the record; anything else goes into a record the caller must see
      requireWritable(type, id, patient, null);
    }
    long rid = repository.nextRid(connection);
    pending.add(rid, type, id, now.toEpochMilli(), patient, BodyCodec.encode(json));
    index.add(rid, 1, extraction.values());
    facts.add(rid, repository.facts().extract(resource, patient));
    changes.add(new CommitHook.Change(CommitHook.Kind.CREATE, type, id, 1, patient));
    return new StoredResource(type, id, 1, now, false, json, patient);
  }

  /**
   * Fails with FORBIDDEN unless the caller may see the records of the patients whose compartments held
   * ({@code before}) and will hold ({@code after}) the resource, judged on the facts as they stand before
   * this write: a write cannot open a record to the one who makes it.
   */
  private void requireWritable(String type, String id, @Nullable String after, @Nullable String before)
      throws SQLException {
    if (access.unrestricted() || (after == null && before == null)) {
      return;
    }
    List<String> patients = new ArrayList<>(2);
    if (after != null) {
      patients.add(after);
    }
    if (before != null && !before.equals(after)) {
      patients.add(before);
    }
    flush();
    Sql sql = new Sql().append("select count(*) from unnest(").bindArray("text", patients)
        .append(") p where not (");
    access.patientVisible(sql, "p");
    sql.append(")");
    try (PreparedStatement ps = sql.prepare(connection); ResultSet rs = ps.executeQuery()) {
      rs.next();
      if (rs.getLong(1) > 0) {
        throw new FhirException(ErrorCode.FORBIDDEN,
            "Writing " + type + "/" + id + " is not allowed: the patient's record is not open to you");
      }
    }
  }

  @Override
  public WriteResult update(String type, String id, Resource resource, @Nullable Long ifMatchVersion) {
    if (!ResourceKey.isValidId(id)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "Invalid resource id '" + id + "'", type + ".id");
    }
    try {
      flush();
      Optional<Current> current = lock(type, id);
      if (current.isEmpty()) {
        if (ifMatchVersion != null) {
          throw new FhirException(ErrorCode.PRECONDITION_FAILED,
              "If-Match version " + ifMatchVersion + " given, but " + type + "/" + id + " does not exist");
        }
        if (!pendingKeys.add(type + "/" + id)) {
          throw new FhirException(ErrorCode.CONFLICT, "Resource " + type + "/" + id + " is written twice");
        }
        return new WriteResult(insertNew(resource, type, id, null), WriteResult.Kind.CREATED);
      }
      Current cur = current.get();
      checkVersion(type, id, cur, ifMatchVersion);
      int version = cur.version() + 1;
      Instant now = now();
      byte[] json = stamp(resource, type, id, version, now);
      Extraction extraction = repository.extractor().extract(resource, repository.layout()::written);
      String patient = extraction.patientCompartment();
      requireWritable(type, id, patient, cur.patient());
      writeVersion(cur.rid(), version, now, false, patient, BodyCodec.encode(json));
      index.add(cur.rid(), version, extraction.values());
      facts.remove(cur.rid());
      facts.add(cur.rid(), repository.facts().extract(resource, patient));
      changes.add(new CommitHook.Change(cur.deleted() ? CommitHook.Kind.CREATE : CommitHook.Kind.UPDATE,
          type, id, version, patient));
      StoredResource stored = new StoredResource(type, id, version, now, false, json, patient);
      return new WriteResult(stored, cur.deleted() ? WriteResult.Kind.CREATED : WriteResult.Kind.UPDATED);
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  @Override
  public WriteResult delete(String type, String id, @Nullable Long ifMatchVersion) {
    try {
      flush();
      Optional<Current> current = lock(type, id);
      if (current.isEmpty() || current.get().deleted()) {
        StoredResource marker = current.isEmpty()
            ? new StoredResource(type, id, 0, now(), true, new byte[0])
            : read(type, id).orElseThrow();
        return new WriteResult(marker, WriteResult.Kind.NOTHING_TO_DELETE);
      }
      Current cur = current.get();
      checkVersion(type, id, cur, ifMatchVersion);
      requireWritable(type, id, null, cur.patient());
      int version = cur.version() + 1;
      Instant now = now();
      // the marker keeps the compartment, so that history and checks stay held to the patient's facts
      writeVersion(cur.rid(), version, now, true, cur.patient(), null);
      keepLabels(cur.rid(), cur.version(), version);
      facts.remove(cur.rid());
      changes.add(new CommitHook.Change(CommitHook.Kind.DELETE, type, id, version, cur.patient()));
      return new WriteResult(new StoredResource(type, id, version, now, true, new byte[0], cur.patient()),
          WriteResult.Kind.DELETED);
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  /**
   * The marker of a deleted resource keeps the security labels of the version it deletes, so that a label
   * restriction still hides its history; no other index rows are kept.
   */
  private void keepLabels(long rid, int deletedVersion, int markerVersion) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(KEEP_LABELS)) {
      ps.setInt(1, markerVersion);
      ps.setLong(2, rid);
      ps.setInt(3, deletedVersion);
      ps.setInt(4, repository.access().securityKey());
      ps.executeUpdate();
    }
  }

  private static void checkVersion(String type, String id, Current cur, @Nullable Long ifMatchVersion) {
    if (ifMatchVersion != null && ifMatchVersion != cur.version()) {
      throw new FhirException(ErrorCode.PRECONDITION_FAILED, "If-Match version " + ifMatchVersion
          + " is not the current version " + cur.version() + " of " + type + "/" + id);
    }
  }

  @Override
  public Optional<StoredResource> readForUpdate(String type, String id) {
    try {
      flush();
      if (lock(type, id).isEmpty()) {
        return Optional.empty();
      }
      return repository.read(connection, type, id);
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  @Override
  public List<ResourceKey> match(SearchQuery criteria, int limit) {
    try {
      flush();
      return repository.searches().match(connection, held(criteria), limit);
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  @Override
  public SearchResult search(SearchQuery query) {
    try {
      flush();
      return repository.searches().search(connection, held(query));
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  @Override
  public Optional<StoredResource> read(String type, String id) {
    try {
      flush();
      return repository.read(connection, type, id);
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  @Override
  public Optional<StoredResource> vread(String type, String id, long versionId) {
    try {
      flush();
      return repository.vread(connection, type, id, versionId);
    } catch (SQLException e) {
      throw PostgresFhirRepository.translate(e);
    }
  }

  /** A query of the unit of work sees at most what the unit's caller may see. */
  private SearchQuery held(SearchQuery query) {
    return query.access().unrestricted() && !access.unrestricted() ? query.withAccess(access.filter()) : query;
  }

  /** Writes buffered resources, index rows and access facts. */
  void flush() throws SQLException {
    pending.flush(connection);
    index.flush(connection);
    facts.flush(connection);
  }

  private Optional<Current> lock(String type, String id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(LOCK)) {
      ps.setString(1, type);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Current(rs.getLong(1), rs.getInt(2), rs.getBoolean(3), rs.getString(4)))
            : Optional.empty();
      }
    }
  }

  private void writeVersion(long rid, int version, Instant now, boolean deleted, @Nullable String patient,
      byte @Nullable [] body) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(NEW_VERSION)) {
      ps.setLong(1, rid);
      ps.setInt(2, version);
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setBoolean(4, deleted);
      ps.setString(5, patient);
      ps.setBytes(6, body);
      ps.setLong(7, rid);
      ps.executeUpdate();
    }
  }

  /** Sets id, versionId and lastUpdated on the resource and returns its canonical JSON. */
  private byte[] stamp(Resource resource, String type, String id, int version, Instant now) {
    resource.setIdElement(new IdType(type, id, String.valueOf(version)));
    resource.getMeta().setVersionId(String.valueOf(version));
    resource.getMeta().setLastUpdated(Date.from(now));
    return repository.bodies().encode(resource);
  }

  private Instant now() {
    return repository.clock().instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private record Current(long rid, int version, boolean deleted, @Nullable String patient) {}

  /** New resource rows, inserted with one statement. */
  private static final class PendingResources {
    private final List<Long> rids = new ArrayList<>();
    private final List<String> types = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final List<Integer> versions = new ArrayList<>();
    private final List<Long> updated = new ArrayList<>();
    private final List<@Nullable String> patients = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();

    void add(long rid, String type, String id, long updatedMillis, @Nullable String patient, byte[] body) {
      rids.add(rid);
      types.add(type);
      ids.add(id);
      versions.add(1);
      updated.add(updatedMillis);
      patients.add(patient);
      bodies.add(body);
    }

    void flush(Connection connection) throws SQLException {
      if (rids.isEmpty()) {
        return;
      }
      try (PreparedStatement ps = connection.prepareStatement(INSERT_RESOURCES)) {
        ps.setArray(1, connection.createArrayOf("bigint", rids.toArray()));
        ps.setArray(2, connection.createArrayOf("text", types.toArray()));
        ps.setArray(3, connection.createArrayOf("text", ids.toArray()));
        ps.setArray(4, connection.createArrayOf("int", versions.toArray()));
        ps.setArray(5, connection.createArrayOf("bigint", updated.toArray()));
        ps.setArray(6, connection.createArrayOf("text", patients.toArray()));
        ps.setArray(7, connection.createArrayOf("bytea", bodies.toArray(new byte[0][])));
        ps.executeUpdate();
      }
      rids.clear();
      types.clear();
      ids.clear();
      versions.clear();
      updated.clear();
      patients.clear();
      bodies.clear();
    }
  }
}
