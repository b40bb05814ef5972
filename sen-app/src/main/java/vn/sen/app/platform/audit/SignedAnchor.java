package vn.sen.app.platform.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A seal's block and hash at a moment, signed with an {@link AnchorKey} (docs/audit.md, "Signed anchors").
 * As a line of the anchor log: {@code bBLOCK:HASH MADE_AT KEY_ID SIGNATURE} (hash in hex, the moment in
 * ISO 8601 UTC to the millisecond, the signature in base64).
 */
record SignedAnchor(long block, byte[] hash, Instant madeAt, String keyId, byte[] signature) {
  SignedAnchor {
    madeAt = madeAt.truncatedTo(ChronoUnit.MILLIS);
    if (block <= 0 || hash.length != 32) {
      throw new IllegalArgumentException("an anchor names a block from 1 and a 32-byte hash");
    }
  }

  /** Signs block {@code block} with hash {@code hash} at {@code madeAt}. */
  static SignedAnchor sign(AnchorKey key, long block, byte[] hash, Instant madeAt) {
    SignedAnchor unsigned = new SignedAnchor(block, hash, madeAt, key.id(), new byte[0]);
    return new SignedAnchor(block, hash, madeAt, key.id(), key.sign(unsigned.message()));
  }

  /** What is signed: a version tag, the block, its hash and the moment, one per line. */
  byte[] message() {
    return ("sen-audit-anchor/1\nb" + block + "\n" + HexFormat.of().formatHex(hash) + "\n"
        + madeAt.truncatedTo(ChronoUnit.MILLIS)).getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code key} signed it (false when it names another key). */
  boolean signedBy(AnchorKey key) {
    return keyId.equals(key.id()) && key.verify(message(), signature);
  }

  /** As the verifier checks it. */
  AuditVerifier.Anchor anchor() {
    return new AuditVerifier.Anchor(block, 0, hash);
  }

  String line() {
    return "b" + block + ":" + HexFormat.of().formatHex(hash) + " " + madeAt + " " + keyId + " "
        + Base64.getEncoder().encodeToString(signature);
  }

  /** A line of an anchor log; empty if it is not one (blank lines and {@code #} comments included). */
  static Optional<SignedAnchor> parse(String line) {
    String[] parts = line.strip().split("\\s+");
    if (parts.length != 4) {
      return Optional.empty();
    }
    Optional<AuditVerifier.Anchor> position = AuditVerifier.Anchor.parse(parts[0]);
    if (position.isEmpty() || position.get().block() <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SignedAnchor(position.get().block(), position.get().hash(), Instant.parse(parts[1]),
          parts[2], Base64.getDecoder().decode(parts[3])));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "b" + block + " (" + madeAt + ")";
  }
}
