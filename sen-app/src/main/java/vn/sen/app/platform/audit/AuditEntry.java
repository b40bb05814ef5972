package vn.sen.app.platform.audit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import vn.sen.app.platform.audit.AuditContext.Actor;

/**
 * One access, as the trail records it: who, on whose behalf, which patients, which resources, what action,
 * when, from where, with what outcome, for what purpose and reason.
 *
 * @param recorded when (kept to the microsecond, PostgreSQL's precision)
 * @param action {@code read}, {@code vread}, {@code search}, {@code history}, {@code everything},
 *     {@code create}, {@code update}, {@code delete}, {@code login}, {@code login-failed},
 *     {@code logout}, {@code break-glass}, {@code export}, {@code write} (a refused write)…
 * @param outcome {@code success}, {@code denied} or {@code failed}
 * @param patients ids of the patients whose records were touched, sorted
 * @param entities the resources touched, {@code Type/id/_history/v} (or a bare type for a refused search)
 */
public record AuditEntry(
    Instant recorded,
    String action,
    String outcome,
    Actor who,
    @Nullable String onBehalfOf,
    List<String> patients,
    List<String> entities,
    @Nullable String purpose,
    @Nullable String reason,
    @Nullable String clientAddress,
    @Nullable String userAgent,
    @Nullable String requestId) {

  public static final String SUCCESS = "success";
  public static final String DENIED = "denied";
  public static final String FAILED = "failed";
  /** Version of {@link #canonicalBytes}; changing the encoding needs a new version. */
  private static final int ENCODING = 1;
  private static final String HISTORY = "/_history/";
  /** One digest per thread (looking the algorithm up cost a request more than hashing its entry). */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  });

  public AuditEntry {
    recorded = recorded.truncatedTo(ChronoUnit.MICROS);
    patients = List.copyOf(new TreeSet<>(patients));
    entities = List.copyOf(entities);
  }

  /** An entry for what {@code context} did now. */
  public static AuditEntry of(AuditContext context, Instant recorded, String action, String outcome,
      List<String> patients, List<String> entities, @Nullable String reason) {
    return new AuditEntry(recorded, action, outcome, context.who(), context.onBehalfOf(), patients, entities,
        context.purpose(), reason != null ? reason : context.reason(), context.clientAddress(),
        context.userAgent(), context.requestId());
  }

  /** The SHA-256 hash of {@link #canonicalBytes}: what a seal lists for this entry (docs/audit.md). */
  public byte[] hash() {
    return SHA_256.get().digest(canonicalBytes());
  }

  /**
   * The resources touched as {@code Type/id}, without their versions, in order: the keys behind
   * {@code AuditEvent?entity=} (column {@code entity_keys}; the verifier checks they agree with the entities).
   */
  public List<String> entityKeys() {
    List<String> keys = new ArrayList<>(entities.size());
    for (String e : entities) {
      int history = e.indexOf(HISTORY);
      keys.add(history < 0 ? e : e.substring(0, history));
    }
    return keys;
  }

  /**
   * The bytes the chain hashes: every field in a fixed order, each string as its UTF-8 length (or -1 for
   * absent) and bytes, each list as its size and strings, the time as epoch microseconds. Unambiguous, so
   * that two different entries never encode alike; docs/audit.md describes it for independent verifiers.
   */
  public byte[] canonicalBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 48 * entities.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(ENCODING);
      out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, recorded));
      string(out, action);
      string(out, outcome);
      string(out, who.name());
      out.writeBoolean(who.system());
      string(out, who.fhirUser());
      list(out, List.copyOf(new TreeSet<>(who.roles())));
      string(out, who.organization());
      string(out, onBehalfOf);
      list(out, patients);
      list(out, entities);
      string(out, purpose);
      string(out, reason);
      string(out, clientAddress);
      string(out, userAgent);
      string(out, requestId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The entry whose {@link #canonicalBytes} these are (the audit journal keeps entries in this form).
   *
   * @throws IOException if they are not one entry's canonical bytes of this encoding
   */
  public static AuditEntry fromCanonicalBytes(byte[] canonical) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(canonical));
    if (in.readInt() != ENCODING) {
      throw new IOException("not an audit entry of encoding " + ENCODING);
    }
    Instant recorded = Instant.EPOCH.plus(in.readLong(), ChronoUnit.MICROS);
    String action = required(in);
    String outcome = required(in);
    String name = required(in);
    boolean system = in.readBoolean();
    String fhirUser = string(in);
    List<String> roles = list(in);
    String organization = string(in);
    String onBehalfOf = string(in);
    List<String> patients = list(in);
    List<String> entities = list(in);
    AuditEntry entry = new AuditEntry(recorded, action, outcome,
        new Actor(name, fhirUser, new HashSet<>(roles), organization, system), onBehalfOf, patients, entities,
        string(in), string(in), string(in), string(in), string(in));
    if (in.available() != 0) {
      throw new IOException("bytes left after an audit entry");
    }
    return entry;
  }

  private static String required(DataInputStream in) throws IOException {
    String s = string(in);
    if (s == null) {
      throw new IOException("a required field of an audit entry is absent");
    }
    return s;
  }

  private static @Nullable String string(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.available()) {
      throw new IOException("an audit entry's string runs past its end");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static List<String> list(DataInputStream in) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > in.available() / 4) {
      throw new IOException("an audit entry's list runs past its end");
    }
    List<String> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(required(in));
    }
    return values;
  }

  private static void string(DataOutputStream out, @Nullable String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static void list(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      string(out, v);
    }
  }
}
