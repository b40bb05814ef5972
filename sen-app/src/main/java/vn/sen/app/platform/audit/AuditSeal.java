package vn.sen.app.platform.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One block of the chain (table {@code audit_seal}): the entries it covers, by position and hash, and
 * where the sealer stood when it sealed them, hashed together with the previous seal's hash:
 * {@code hash = SHA-256(prevHash ‖ canonical(seal))} (docs/audit.md, "The chain").
 *
 * @param block position among seals, from 1, without gaps
 * @param toTxid every transaction below it had been sealed, except {@code openTxids}
 * @param openTxids transactions below {@code toTxid} that had not ended when the block was sealed, sorted
 * @param seqs the entries' positions, in the order sealed (by transaction, then position)
 * @param entryHashes the entries' {@link AuditEntry#hash}es, 32 bytes each, in the order of {@code seqs}
 */
record AuditSeal(long block, Instant sealed, long toTxid, long[] openTxids, long[] seqs, byte[] entryHashes,
    byte[] prevHash, byte[] hash) {
  static final String COLUMNS = "block, sealed, to_txid, open_txids, seqs, entry_hashes, prev_hash, hash";
  /** Version of {@link #canonicalBytes}; changing the encoding needs a new version. */
  private static final int ENCODING = 1;

  AuditSeal {
    sealed = sealed.truncatedTo(ChronoUnit.MICROS);
    if (entryHashes.length != 32 * seqs.length) {
      throw new IllegalArgumentException("one 32-byte hash per entry");
    }
  }

  /** Seals {@code seqs} after {@code prevHash}. */
  static AuditSeal after(byte[] prevHash, long block, Instant sealed, long toTxid, long[] openTxids, long[] seqs,
      byte[] entryHashes) {
    AuditSeal unsigned = new AuditSeal(block, sealed, toTxid, openTxids, seqs, entryHashes, prevHash, new byte[32]);
    return new AuditSeal(block, sealed, toTxid, openTxids, seqs, entryHashes, prevHash, unsigned.computedHash());
  }

  static AuditSeal read(ResultSet rs) throws SQLException {
    return new AuditSeal(rs.getLong("block"), rs.getTimestamp("sealed").toInstant(), rs.getLong("to_txid"),
        longs(rs.getArray("open_txids")), longs(rs.getArray("seqs")), rs.getBytes("entry_hashes"),
        rs.getBytes("prev_hash"), rs.getBytes("hash"));
  }

  static long[] longs(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    long[] longs = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      longs[i] = ((Number) values[i]).longValue();
    }
    return longs;
  }

  /** The listed hash of the {@code i}th entry. */
  byte[] entryHash(int i) {
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
   * 4-byte encoding version, block (8 bytes), sealed as epoch microseconds (8), toTxid (8), the number of
   * open transactions (4) and each (8), the number of entries (4) and each entry's position (8) followed by
   * its hash (32); big-endian throughout.
   */
  byte[] canonicalBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(40 + 8 * openTxids.length + 40 * seqs.length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(ENCODING);
      out.writeLong(block);
      out.writeLong(ChronoUnit.MICROS.between(Instant.EPOCH, sealed));
      out.writeLong(toTxid);
      out.writeInt(openTxids.length);
      for (long t : openTxids) {
        out.writeLong(t);
      }
      out.writeInt(seqs.length);
      for (int i = 0; i < seqs.length; i++) {
        out.writeLong(seqs[i]);
        out.write(entryHashes, 32 * i, 32);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  String hashHex() {
    return HexFormat.of().formatHex(hash);
  }
}
