package vn.sen.app.platform.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One block of the chain (table {@code audit_seal}): the hashes of the entries {@code firstSeq} to
 * {@code lastSeq}, hashed together with the previous seal's hash:
 * {@code hash = SHA-256(prevHash ‖ canonical(seal))} (docs/audit.md, "The chain").
 *
 * @param block position among seals, from 1, without gaps
 * @param firstSeq the first entry sealed; the block covers every position from here to {@code lastSeq}
 * @param entryHashes the entries' {@link AuditEntry#hash}es, 32 bytes each, in position order
 */
record AuditSeal(long block, Instant sealed, long firstSeq, long lastSeq, byte[] entryHashes, byte[] prevHash,
    byte[] hash) {
  static final String COLUMNS = "block, sealed, first_seq, last_seq, entry_hashes, prev_hash, hash";
  /** Version of {@link #canonicalBytes}; changing the encoding needs a new version. */
  private static final int ENCODING = 1;

  AuditSeal {
    sealed = sealed.truncatedTo(ChronoUnit.MICROS);
    if (lastSeq < firstSeq || entryHashes.length != 32 * (lastSeq - firstSeq + 1)) {
      throw new IllegalArgumentException("one 32-byte hash per entry from firstSeq to lastSeq");
    }
  }

  /** Seals the entries {@code firstSeq}… (one hash each) after {@code prevHash}. */
  static AuditSeal after(byte[] prevHash, long block, Instant sealed, long firstSeq, byte[] entryHashes) {
    long lastSeq = firstSeq + entryHashes.length / 32 - 1;
    AuditSeal unsigned = new AuditSeal(block, sealed, firstSeq, lastSeq, entryHashes, prevHash, new byte[32]);
    return new AuditSeal(block, sealed, firstSeq, lastSeq, entryHashes, prevHash, unsigned.computedHash());
  }

  static AuditSeal read(ResultSet rs) throws SQLException {
    return new AuditSeal(rs.getLong("block"), rs.getTimestamp("sealed").toInstant(), rs.getLong("first_seq"),
        rs.getLong("last_seq"), rs.getBytes("entry_hashes"), rs.getBytes("prev_hash"), rs.getBytes("hash"));
  }

  /** How many entries the block covers. */
  int size() {
    return entryHashes.length / 32;
  }

  /** The listed hash of the entry at position {@code seq}. */
  byte[] entryHash(long seq) {
    int i = Math.toIntExact(seq - firstSeq);
    return Arrays.copyOfRange(entryHashes, 32 * i, 32 * (i + 1));
  }

  /** What {@link #hash} must be: SHA-256 of the previous hash and {@link #canonicalBytes}. */
  byte[] computedHash() {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(prevHash);
      sha256.update(canonicalBytes());
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  boolean selfConsistent() {
    return MessageDigest.isEqual(hash, computedHash());
  }

  /**
   * 4-byte encoding version, block (8 bytes), sealed as epoch microseconds (8), firstSeq (8), lastSeq (8),
   * then the entries' hashes (32 bytes each) in position order; big-endian throughout.
   */
  byte[] canonicalBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(36 + entryHashes.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(ENCODING);
      out.writeLong(block);
      out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, sealed));
      out.writeLong(firstSeq);
      out.writeLong(lastSeq);
      out.write(entryHashes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  String hashHex() {
    return HexFormat.of().formatHex(hash);
  }
}
