package vn.sen.app.platform.audit;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Chains entries in blocks once the transactions that wrote them have ended (docs/audit.md, "The chain").
 *
 * <p>Every entry carries the id of the transaction that inserted it ({@code txid}). A pass takes a snapshot
 * of the running transactions and seals the entries of every transaction that has ended since the last
 * seal: the ids from the last seal's {@code to_txid} up to the snapshot's {@code xmax}, and the ones the last
 * seal left open, minus those still running. An ended transaction can add nothing more, so no entry can
 * arrive later inside a sealed block; a transaction still running stays open for a later pass, without
 * holding back the others.
 */
final class AuditSealer {
  /** Entries sealed by one block at most (a block takes whole transactions, so a huge one may exceed it). */
  static final int MAX_BLOCK = 20_000;

  private AuditSealer() {}

  /** Where the sealer stands: the next block, its previous hash, and what has been sealed. */
  record Position(long nextBlock, byte[] prevHash, long toTxid, long[] openTxids, boolean full) {
    /** Whether every entry of transactions below {@code txid} that have ended has been sealed. */
    boolean covers(long txid) {
      return toTxid >= txid;
    }

    /** Whether entries of this transaction can only be in a seal already (or the transaction never wrote any). */
    boolean sealedPast(long txid) {
      return txid < toTxid && Arrays.binarySearch(openTxids, txid) < 0;
    }
  }

  /**
   * One pass in the connection's open transaction (READ COMMITTED), which must be committed afterwards.
   *
   * @param wait whether to wait for the chain lock; without, a pass that finds another sealer at work
   *     returns null at once
   * @return where the sealer stands after this pass (whether or not it wrote a block; {@code full} when
   *     more entries wait for another pass)
   */
  static @Nullable Position pass(Connection c, Instant now, boolean wait) throws SQLException {
    return pass(c, now, wait, MAX_BLOCK);
  }

  /** {@link #pass(Connection, Instant, boolean)} with blocks of {@code maxBlock} entries at most. */
  static @Nullable Position pass(Connection c, Instant now, boolean wait, int maxBlock) throws SQLException {
    if (!lock(c, wait)) {
      return null;
    }
    Position at = position(c);
    long xmax;
    long[] running;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(s)::text::bigint,"
            + " ARRAY(SELECT x::text::bigint FROM pg_snapshot_xip(s) x ORDER BY 1)"
            + " FROM pg_current_snapshot() s")) {
      rs.next();
      xmax = rs.getLong(1);
      running = AuditSeal.longs(rs.getArray(2));
    }
    // This statement's snapshot is later than the one above: every transaction that had ended by then, and
    // all it wrote, is visible.
    List<long[]> rows = new ArrayList<>();
    List<byte[]> hashes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT txid, seq, entry_hash FROM audit_entry"
        + " WHERE ((txid >= ? AND txid < ?) OR txid = ANY(?)) AND txid <> ALL(?) ORDER BY txid, seq LIMIT ?")) {
      ps.setLong(1, at.toTxid());
      ps.setLong(2, xmax);
      ps.setArray(3, c.createArrayOf("bigint", boxed(at.openTxids())));
      ps.setArray(4, c.createArrayOf("bigint", boxed(running)));
      ps.setInt(5, maxBlock + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
          hashes.add(rs.getBytes(3));
        }
      }
    }
    long cut = Long.MAX_VALUE;
    if (rows.size() > maxBlock) {
      cut = rows.get(maxBlock)[0];
      if (cut == rows.get(0)[0]) {
        // one transaction wrote more than a block: seal all of it
        rows.clear();
        hashes.clear();
        wholeTransaction(c, cut, rows, hashes);
        cut++;
      } else {
        while (rows.get(rows.size() - 1)[0] >= cut) {
          rows.remove(rows.size() - 1);
          hashes.remove(hashes.size() - 1);
        }
      }
    }
    long toTxid = Math.max(at.toTxid(), Math.min(xmax, cut));
    Set<Long> runningSet = new HashSet<>();
    TreeSet<Long> open = new TreeSet<>();
    for (long t : running) {
      runningSet.add(t);
      if (t < toTxid) {
        open.add(t);
      }
    }
    for (long t : at.openTxids()) {
      // an open transaction that has ended stays open only if the block was cut before it
      if (!runningSet.contains(t) && t >= cut) {
        open.add(t);
      }
    }
    long[] openTxids = open.stream().mapToLong(Long::longValue).toArray();
    if (rows.isEmpty()) {
      // nothing to seal: where the sealer stands is not written, the next pass starts from the last seal again
      return new Position(at.nextBlock(), at.prevHash(), toTxid, openTxids, false);
    }
    long[] seqs = new long[rows.size()];
    ByteArrayOutputStream entryHashes = new ByteArrayOutputStream(32 * rows.size());
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = rows.get(i)[1];
      entryHashes.writeBytes(hashes.get(i));
    }
    AuditSeal seal = AuditSeal.after(at.prevHash(), at.nextBlock(), now, toTxid, openTxids, seqs,
        entryHashes.toByteArray());
    insert(c, seal);
    return new Position(seal.block() + 1, seal.hash(), toTxid, openTxids, cut != Long.MAX_VALUE);
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

  private static void wholeTransaction(Connection c, long txid, List<long[]> rows, List<byte[]> hashes)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, entry_hash FROM audit_entry WHERE txid = ? ORDER BY seq")) {
      ps.setLong(1, txid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new long[] {txid, rs.getLong(1)});
          hashes.add(rs.getBytes(2));
        }
      }
    }
  }

  /**
   * Where the sealer stands: after the last seal; after retention's mark when retention removed every seal;
   * else at the first block, linked to the end of the per-entry chain written before V10.
   */
  static Position position(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("""
            SELECT block, to_txid, open_txids, hash FROM (
              (SELECT block, to_txid, open_txids, hash FROM audit_seal ORDER BY block DESC LIMIT 1)
              UNION ALL
              (SELECT through_block, to_txid, open_txids, hash FROM audit_seal_mark
                ORDER BY through_block DESC LIMIT 1)
            ) t ORDER BY block DESC LIMIT 1""")) {
      if (rs.next()) {
        return new Position(rs.getLong(1) + 1, rs.getBytes(4), rs.getLong(2), AuditSeal.longs(rs.getArray(3)), false);
      }
    }
    return new Position(1, AuditChain.linkedTail(c).hash(), 0, new long[0], false);
  }

  private static void insert(Connection c, AuditSeal seal) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_seal (" + AuditSeal.COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seal.block());
      ps.setTimestamp(2, Timestamp.from(seal.sealed()));
      ps.setLong(3, seal.toTxid());
      ps.setArray(4, c.createArrayOf("bigint", boxed(seal.openTxids())));
      ps.setArray(5, c.createArrayOf("bigint", boxed(seal.seqs())));
      ps.setBytes(6, seal.entryHashes());
      ps.setBytes(7, seal.prevHash());
      ps.setBytes(8, seal.hash());
      ps.executeUpdate();
    }
  }

  /** The transaction ids at or past which no transaction had begun when the caller's statement ran. */
  static long currentXmax(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Long[] boxed(long[] values) {
    return Arrays.stream(values).boxed().toArray(Long[]::new);
  }
}
