package vn.sen.app.platform.audit;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Moves staged entries onto the trail and seals them as one block (docs/audit.md, "The chain"): holding
 * the chain lock, it numbers the committed staged entries on from the tail, moves them inside PostgreSQL
 * and writes the seal listing their hashes, all in one transaction, so that every entry on the trail is
 * sealed from the moment it is there.
 */
final class AuditSealer {
  /** Entries moved and sealed by one pass at most. */
  static final int MAX_BLOCK = 5_000;

  private AuditSealer() {}

  /**
   * Where the trail ends: the next block, its previous hash, and the next position.
   *
   * @param full whether the pass that returned it moved as many entries as it could (more may wait)
   */
  record Position(long nextBlock, byte[] prevHash, long nextSeq, boolean full) {}

  /**
   * One pass in the connection's open transaction, which the caller commits.
   *
   * @param wait whether to wait for the chain lock; without, a pass that finds another writer at work
   *     returns null at once
   * @param takeUnhashed whether to look for entries staged by a version before V10 (without hash), which
   *     join the trail first
   */
  static @Nullable Position pass(Connection c, Instant now, boolean wait, int maxBlock, boolean takeUnhashed)
      throws SQLException {
    if (!lock(c, wait)) {
      return null;
    }
    Position at = position(c);
    ByteArrayOutputStream hashes = new ByteArrayOutputStream();
    if (takeUnhashed) {
      hashes.writeBytes(AuditChain.insertAt(c, at.nextSeq(), AuditChain.takeUnhashed(c)));
    }
    byte[] moved = AuditChain.moveStaged(c, at.nextSeq() + hashes.size() / 32, maxBlock);
    hashes.writeBytes(moved);
    if (hashes.size() == 0) {
      return at;
    }
    AuditSeal seal = AuditSeal.after(at.prevHash(), at.nextBlock(), now, at.nextSeq(), hashes.toByteArray());
    insert(c, seal);
    return new Position(seal.block() + 1, seal.hash(), seal.lastSeq() + 1, moved.length / 32 >= maxBlock);
  }

  private static boolean lock(Connection c, boolean wait) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement(
        wait ? "SELECT pg_advisory_xact_lock(?), true" : "SELECT pg_try_advisory_xact_lock(?)")) {
      lock.setLong(1, AuditChain.CHAIN_LOCK);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        return rs.getBoolean(wait ? 2 : 1);
      }
    }
  }

  /**
   * Where the trail ends: after the last seal; after retention's mark when retention removed every seal;
   * else after the per-entry chain written before V10 (or at genesis).
   */
  static Position position(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("""
            SELECT block, last_seq, hash FROM (
              (SELECT block, last_seq, hash FROM audit_seal ORDER BY block DESC LIMIT 1)
              UNION ALL
              (SELECT through_block, last_seq, hash FROM audit_seal_mark ORDER BY through_block DESC LIMIT 1)
            ) t ORDER BY block DESC LIMIT 1""")) {
      if (rs.next()) {
        return new Position(rs.getLong(1) + 1, rs.getBytes(3), rs.getLong(2) + 1, false);
      }
    }
    AuditChain.Tail linked = AuditChain.linkedTail(c);
    return new Position(1, linked.hash(), linked.seq() + 1, false);
  }

  private static void insert(Connection c, AuditSeal seal) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_seal (" + AuditSeal.COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seal.block());
      ps.setTimestamp(2, Timestamp.from(seal.sealed()));
      ps.setLong(3, seal.firstSeq());
      ps.setLong(4, seal.lastSeq());
      ps.setBytes(5, seal.entryHashes());
      ps.setBytes(6, seal.prevHash());
      ps.setBytes(7, seal.hash());
      ps.executeUpdate();
    }
  }
}
