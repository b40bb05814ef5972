package vn.sen.app.companion.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.CompanionStore;
import vn.sen.app.companion.web.CompanionPageException.Problem;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * One-time links to the companion pages that a clinic gives (printed as a QR code) to a patient, or to a
 * caregiver acting for a patient, who has no account. A link holds a random 256-bit token; Sen keeps only
 * its SHA-256, the patient (and caregiver), when it expires and when it was used. Opening it once starts a
 * companion-only session; a second opening, an expired or revoked link, or an unknown token is refused.
 */
public final class CompanionLinks {
  public static final Duration SHORTEST = Duration.ofMinutes(5);
  public static final Duration LONGEST = Duration.ofDays(30);
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private static final String INSERT = """
      INSERT INTO companion_link (token_hash, patient_id, related_person_id, created_at, expires_at)
      VALUES (?, ?, ?, ?, ?)
      """;
  // One statement checks and marks the link: two browsers opening the same link at once cannot both
  // win, since the row lock taken by the first UPDATE makes the second re-check used_at and find it set.
  private static final String CONSUME = """
      UPDATE companion_link SET used_at = ?
      WHERE token_hash = ? AND used_at IS NULL AND NOT revoked AND expires_at > ?
      RETURNING patient_id, related_person_id
      """;
  private static final String WHY_NOT = """
      SELECT used_at IS NOT NULL, revoked FROM companion_link WHERE token_hash = ?
      """;
  private static final String REVOKE = """
      UPDATE companion_link SET revoked = true WHERE patient_id = ? AND used_at IS NULL AND NOT revoked
      """;

  /** A link just issued: the token (shown once, never stored) and when it expires. */
  public record IssuedLink(String token, Instant expires) {
    /** The path that opens it: {@code /companion/link/{token}}. */
    public String path() {
      return "/companion/link/" + token;
    }
  }

  private final DataSource dataSource;
  private final CompanionStore reader;
  private final CaregiverConsents caregivers;
  private final Clock clock;
  private final RandomGenerator random;

  /** @param random a cryptographically strong generator (a {@link java.security.SecureRandom}) */
  CompanionLinks(DataSource dataSource, CompanionStore reader, CaregiverConsents caregivers, Clock clock,
      RandomGenerator random) {
    this.dataSource = dataSource;
    this.reader = reader;
    this.caregivers = caregivers;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Issues a link for a patient, or for a caregiver acting for them.
   *
   * @param relatedPersonId the caregiver, who must be authorised by the patient's {@code caregiver}
   *     Consent; null for the patient themself
   * @throws FhirException NOT_FOUND for an unknown patient; INVALID_REQUEST for a validity outside
   *     {@link #SHORTEST} … {@link #LONGEST} or a caregiver the patient has not authorised
   */
  public IssuedLink issue(String patientId, @Nullable String relatedPersonId, Duration validity) {
    if (validity.compareTo(SHORTEST) < 0 || validity.compareTo(LONGEST) > 0) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "A companion link is valid for 5 minutes to 30 days", "Parameters.parameter");
    }
    if (reader.read(org.hl7.fhir.r4.model.Patient.class, patientId).isEmpty()) {
      throw FhirException.notFound("Patient", patientId);
    }
    if (relatedPersonId != null && !caregivers.authorised(relatedPersonId, patientId)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "The RelatedPerson is not a caregiver this patient has authorised (Consent with policy caregiver)",
          "Parameters.parameter");
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant now = clock.instant();
    Instant expires = now.plus(validity);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setBytes(1, hash(token));
      ps.setString(2, patientId);
      ps.setString(3, relatedPersonId);
      ps.setTimestamp(4, Timestamp.from(now));
      ps.setTimestamp(5, Timestamp.from(expires));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not store a companion link", e);
    }
    return new IssuedLink(token, expires);
  }

  /**
   * Uses a link: the viewer it was issued for, once.
   *
   * @throws CompanionPageException LINK_UNKNOWN, LINK_USED, LINK_REVOKED or LINK_EXPIRED
   */
  public Viewer consume(String token) {
    if (!TOKEN.matcher(token).matches()) {
      throw new CompanionPageException(Problem.LINK_UNKNOWN);
    }
    byte[] hash = hash(token);
    Timestamp now = Timestamp.from(clock.instant());
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(CONSUME)) {
        ps.setTimestamp(1, now);
        ps.setBytes(2, hash);
        ps.setTimestamp(3, now);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            String patient = rs.getString(1);
            String related = rs.getString(2);
            return related == null ? new Viewer.AsPatient(patient) : new Viewer.AsCaregiver(related, patient);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(WHY_NOT)) {
        ps.setBytes(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new CompanionPageException(Problem.LINK_UNKNOWN);
          }
          throw new CompanionPageException(rs.getBoolean(1) ? Problem.LINK_USED
              : rs.getBoolean(2) ? Problem.LINK_REVOKED : Problem.LINK_EXPIRED);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read a companion link", e);
    }
  }

  /** Revokes the patient's links not used yet (a lost printout); returns how many. */
  public int revoke(String patientId) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(REVOKE)) {
      ps.setString(1, patientId);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not revoke companion links", e);
    }
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
