package vn.sen.app.platform.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Proves the audit trail intact, or names the first entry that was altered, inserted or deleted
 * ({@code ./sen audit verify}).
 *
 * <p>Two parts, in one snapshot. Entries chained one by one before V10 must each hash to their stored hash
 * from their stored previous hash, link to the entry before and follow it without a gap. Then the seals
 * (docs/audit.md, "The chain"): each must link to the one before and hash to its stored hash, and every
 * entry it lists must still be there with the content that hashes to the listed hash. An entry no seal
 * lists is either waiting for the sealer (its transaction ended moments ago) or was put there afterwards.
 * Seals removed from the tail, or a chain rewritten from some point on with recomputed hashes, are found only
 * against an {@link Anchor} published earlier.
 */
public final class AuditVerifier {
  private static final int FETCH = 1000;
  private final DataSource dataSource;

  public AuditVerifier(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The outcome of a verification. */
  public sealed interface Result {
    /**
     * Every entry checked: {@code entries} in all (chained one by one or sealed in {@code blocks} blocks);
     * {@code anchor} is the anchor to publish (empty for an empty trail); {@code pending} entries of
     * transactions that ended moments ago wait for the sealer.
     */
    record Intact(long entries, long blocks, String anchor, long pending) implements Result {}

    /**
     * The first problem found: at entry {@code seq} (0 when it concerns a seal as a whole) of block
     * {@code block} (0 for entries chained one by one before V10).
     */
    record Broken(Problem problem, long seq, long block, String detail) implements Result {}
  }

  /** What happened to the entry named. */
  public enum Problem { ALTERED, INSERTED, DELETED }

  /**
   * A position and hash of the chain, recorded earlier outside the database: a seal ({@code bBLOCK:HASH})
   * or an entry chained one by one before V10 ({@code SEQ:HASH}).
   */
  public record Anchor(long block, long seq, byte[] hash) {
    /** Parses {@code bBLOCK:HASH} or {@code SEQ:HASH} (hash in hex); empty if malformed. */
    public static Optional<Anchor> parse(String text) {
      int colon = text.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      boolean seal = text.charAt(0) == 'b';
      try {
        long number = Long.parseLong(text.substring(seal ? 1 : 0, colon));
        byte[] hash = HexFormat.of().parseHex(text.substring(colon + 1));
        if (number <= 0 || hash.length != 32) {
          return Optional.empty();
        }
        return Optional.of(seal ? new Anchor(number, 0, hash) : new Anchor(0, number, hash));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }

    boolean ofSeal() {
      return block > 0;
    }

    @Override
    public String toString() {
      return (ofSeal() ? "b" + block : Long.toString(seq)) + ":" + HexFormat.of().formatHex(hash);
    }
  }

  public Result verify(@Nullable Anchor anchor) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      // One snapshot for the whole walk (the trail grows while we read), and cursors so that a long trail
      // is streamed rather than loaded.
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        return walk(c, anchor);
      } finally {
        c.rollback();
      }
    }
  }

  private Result walk(Connection c, @Nullable Anchor anchor) throws SQLException {
    Linked linked = new Linked();
    Result.Broken broken = walkLinks(c, anchor, linked);
    if (broken != null) {
      return broken;
    }
    Sealed sealed = new Sealed();
    broken = walkSeals(c, anchor, linked, sealed);
    if (broken != null) {
      return broken;
    }
    broken = findUnsealed(c, sealed);
    if (broken != null) {
      return broken;
    }
    String anchorToPublish = sealed.lastBlock > 0
        ? new Anchor(sealed.lastBlock, 0, sealed.lastHash).toString()
        : linked.lastSeq > 0 ? new Anchor(0, linked.lastSeq, linked.lastHash).toString() : "";
    return new Result.Intact(linked.count + sealed.count, sealed.blocks, anchorToPublish, sealed.pending);
  }

  /** The end of the per-entry chain. */
  private static final class Linked {
    long count;
    long lastSeq;
    byte[] lastHash = ChainLink.GENESIS;
  }

  /** What the seals cover. */
  private static final class Sealed {
    long count;
    long blocks;
    long lastBlock;
    byte[] lastHash = ChainLink.GENESIS;
    long toTxid;
    long[] openTxids = new long[0];
    /** Positions listed by a seal, from {@link #base}. */
    final BitSet seqs = new BitSet();
    long base;
    long pending;
  }

  /** The entries chained one by one before V10. */
  private Result.@Nullable Broken walkLinks(Connection c, @Nullable Anchor anchor, Linked linked)
      throws SQLException {
    long prevSeq = 0;
    byte[] prevHash = ChainLink.GENESIS;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT through_seq, hash FROM audit_retention_mark ORDER BY through_seq DESC LIMIT 1")) {
      if (rs.next()) {
        prevSeq = rs.getLong(1);
        prevHash = rs.getBytes(2);
      }
    }
    Anchor entryAnchor = anchor != null && !anchor.ofSeal() ? anchor : null;
    if (entryAnchor != null && entryAnchor.seq() == prevSeq && !MessageDigest.isEqual(entryAnchor.hash(), prevHash)) {
      return broken(Problem.ALTERED, prevSeq, 0, "the retention mark differs from the anchor");
    }
    byte[] prevPrevHash = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT " + AuditChain.LINK_COLUMNS
        + " FROM audit_entry WHERE seq > ? AND txid IS NULL ORDER BY seq")) {
      ps.setFetchSize(FETCH);
      ps.setLong(1, prevSeq);
      try (ResultSet rs = ps.executeQuery()) {
        ChainLink next = rs.next() ? AuditChain.link(rs) : null;
        while (next != null) {
          ChainLink r = next;
          next = rs.next() ? AuditChain.link(rs) : null;
          Result.Broken broken = check(r, next, prevSeq, prevHash, prevPrevHash);
          if (broken != null) {
            return broken;
          }
          if (entryAnchor != null && r.seq() == entryAnchor.seq() && !MessageDigest.isEqual(entryAnchor.hash(), r.hash())) {
            return broken(Problem.ALTERED, r.seq(), 0,
                "differs from the anchor: the chain was rewritten up to here with recomputed hashes");
          }
          prevPrevHash = prevHash;
          prevSeq = r.seq();
          prevHash = r.hash();
          linked.count++;
        }
      }
    }
    if (entryAnchor != null && entryAnchor.seq() > prevSeq) {
      return broken(Problem.DELETED, prevSeq + 1, 0,
          "the chain ends at " + prevSeq + " but the anchor names entry " + entryAnchor.seq()
              + ": entries were deleted from the tail");
    }
    linked.lastSeq = prevSeq;
    linked.lastHash = prevHash;
    return null;
  }

  private static Result.@Nullable Broken check(ChainLink r, @Nullable ChainLink next, long prevSeq,
      byte[] prevHash, byte @Nullable [] prevPrevHash) {
    if (r.seq() > prevSeq + 1) {
      return broken(Problem.DELETED, prevSeq + 1, 0, r.seq() == prevSeq + 2
          ? "entry " + (prevSeq + 1) + " is missing"
          : "entries " + (prevSeq + 1) + " to " + (r.seq() - 1) + " are missing");
    }
    boolean linked = MessageDigest.isEqual(r.prevHash(), prevHash);
    boolean nextSkipsThis = next != null && MessageDigest.isEqual(next.prevHash(), prevHash);
    if (!r.selfConsistent()) {
      if (linked) {
        return broken(Problem.ALTERED, r.seq(), 0, "its content no longer matches its hash");
      }
      return broken(Problem.INSERTED, r.seq(), 0, "it neither matches its hash nor links to the entry before it");
    }
    if (!linked) {
      if (prevPrevHash != null && MessageDigest.isEqual(r.prevHash(), prevPrevHash)) {
        return broken(Problem.INSERTED, prevSeq, 0,
            "entry " + r.seq() + " links to the entry before it, so it was put in between");
      }
      if (nextSkipsThis) {
        return broken(Problem.INSERTED, r.seq(), 0, "the entry after it links past it");
      }
      return broken(Problem.DELETED, r.seq(), 0,
          "it does not link to entry " + prevSeq + ": an entry before it was removed and the rest renumbered"
              + " (or entry " + prevSeq + " was rewritten with a recomputed hash)");
    }
    return null;
  }

  /** The seals, in order, each with the entries it lists. */
  private Result.@Nullable Broken walkSeals(Connection c, @Nullable Anchor anchor, Linked linked, Sealed sealed)
      throws SQLException {
    long prevBlock = 0;
    byte[] prevHash = linked.lastHash;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT through_block, to_txid, open_txids, hash FROM audit_seal_mark"
            + " ORDER BY through_block DESC LIMIT 1")) {
      if (rs.next()) {
        prevBlock = rs.getLong(1);
        sealed.toTxid = rs.getLong(2);
        sealed.openTxids = AuditSeal.longs(rs.getArray(3));
        prevHash = rs.getBytes(4);
      }
    }
    Anchor sealAnchor = anchor != null && anchor.ofSeal() ? anchor : null;
    if (sealAnchor != null && sealAnchor.block() == prevBlock && !MessageDigest.isEqual(sealAnchor.hash(), prevHash)) {
      return broken(Problem.ALTERED, 0, prevBlock, "the retention mark differs from the anchor");
    }
    sealed.base = minSealableSeq(c);
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + AuditSeal.COLUMNS + " FROM audit_seal WHERE block > ? ORDER BY block");
        PreparedStatement entries = c.prepareStatement("SELECT " + AuditChain.ROW_COLUMNS
            + ", entry_hash, entity_keys FROM audit_entry WHERE seq = ANY(?)")) {
      ps.setFetchSize(FETCH / 10);
      ps.setLong(1, prevBlock);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          AuditSeal seal = AuditSeal.read(rs);
          Result.Broken broken = checkSeal(seal, prevBlock, prevHash);
          if (broken == null) {
            broken = checkEntries(c, entries, seal, sealed);
          }
          if (broken == null && sealAnchor != null && seal.block() == sealAnchor.block()
              && !MessageDigest.isEqual(sealAnchor.hash(), seal.hash())) {
            broken = broken(Problem.ALTERED, 0, seal.block(),
                "differs from the anchor: the chain was rewritten up to here with recomputed hashes");
          }
          if (broken != null) {
            return broken;
          }
          prevBlock = seal.block();
          prevHash = seal.hash();
          sealed.blocks++;
          sealed.toTxid = seal.toTxid();
          sealed.openTxids = seal.openTxids();
        }
      }
    }
    if (sealAnchor != null && sealAnchor.block() > prevBlock) {
      return broken(Problem.DELETED, 0, prevBlock + 1, "the seals end at block " + prevBlock
          + " but the anchor names block " + sealAnchor.block() + ": blocks were deleted from the tail");
    }
    sealed.lastBlock = prevBlock;
    sealed.lastHash = prevHash;
    return null;
  }

  private static Result.@Nullable Broken checkSeal(AuditSeal seal, long prevBlock, byte[] prevHash) {
    if (seal.block() > prevBlock + 1) {
      return broken(Problem.DELETED, 0, prevBlock + 1, seal.block() == prevBlock + 2
          ? "the seal of block " + (prevBlock + 1) + " is missing"
          : "the seals of blocks " + (prevBlock + 1) + " to " + (seal.block() - 1) + " are missing");
    }
    if (!seal.selfConsistent()) {
      return broken(Problem.ALTERED, 0, seal.block(), "the seal no longer matches its hash");
    }
    if (!MessageDigest.isEqual(seal.prevHash(), prevHash)) {
      return broken(Problem.INSERTED, 0, seal.block(), "the seal does not link to the seal before it: a block"
          + " was put in between, or the one before was removed or rewritten with a recomputed hash");
    }
    return null;
  }

  private static Result.@Nullable Broken checkEntries(Connection c, PreparedStatement entries, AuditSeal seal,
      Sealed sealed) throws SQLException {
    Map<Long, Stored> bySeq = new HashMap<>();
    entries.setArray(1, c.createArrayOf("bigint", AuditSealer.boxed(seal.seqs())));
    try (ResultSet rs = entries.executeQuery()) {
      while (rs.next()) {
        AuditChain.Row row = AuditChain.row(rs);
        bySeq.put(row.seq(), new Stored(row.entry(), rs.getBytes("entry_hash"),
            AuditChain.strings(rs, "entity_keys")));
      }
    }
    for (int i = 0; i < seal.seqs().length; i++) {
      long seq = seal.seqs()[i];
      Stored stored = bySeq.get(seq);
      if (stored == null) {
        return broken(Problem.DELETED, seq, seal.block(), "entry " + seq + " is missing");
      }
      byte[] listed = seal.entryHash(i);
      if (!MessageDigest.isEqual(stored.entry().hash(), listed)) {
        return broken(Problem.ALTERED, seq, seal.block(), "its content no longer matches its seal");
      }
      if (stored.hash() == null || !MessageDigest.isEqual(stored.hash(), listed)) {
        return broken(Problem.ALTERED, seq, seal.block(), "its stored hash was changed");
      }
      if (!stored.entityKeys().equals(stored.entry().entityKeys())) {
        return broken(Problem.ALTERED, seq, seal.block(), "its entity keys no longer match its entities");
      }
      long bit = seq - sealed.base;
      if (bit < 0 || bit > Integer.MAX_VALUE || sealed.seqs.get((int) bit)) {
        return broken(Problem.ALTERED, seq, seal.block(), "entry " + seq + " is listed by an earlier seal too");
      }
      sealed.seqs.set((int) bit);
      sealed.count++;
    }
    return null;
  }

  private record Stored(AuditEntry entry, byte @Nullable [] hash, List<String> entityKeys) {}

  private static long minSealableSeq(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT min(seq) FROM audit_entry WHERE txid IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Entries no seal lists: waiting for the sealer if their transaction has not been sealed yet; put there
   * afterwards if it has (or if it had not even begun when this verification started).
   */
  private static Result.@Nullable Broken findUnsealed(Connection c, Sealed sealed) throws SQLException {
    AuditSealer.Position at = new AuditSealer.Position(sealed.lastBlock + 1, sealed.lastHash, sealed.toTxid,
        sealed.openTxids, false);
    long xmax = AuditSealer.currentXmax(c);
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, txid FROM audit_entry WHERE txid IS NOT NULL ORDER BY seq")) {
      ps.setFetchSize(FETCH * 10);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          long bit = seq - sealed.base;
          if (bit >= 0 && bit <= Integer.MAX_VALUE && sealed.seqs.get((int) bit)) {
            continue;
          }
          long txid = rs.getLong(2);
          if (at.sealedPast(txid)) {
            return broken(Problem.INSERTED, seq, 0,
                "no seal lists it, though the transaction it names was sealed (block " + sealed.lastBlock + " or before)");
          }
          if (txid >= xmax) {
            return broken(Problem.INSERTED, seq, 0, "it names a transaction that had not begun");
          }
          sealed.pending++;
        }
      }
    }
    return null;
  }

  private static Result.Broken broken(Problem problem, long seq, long block, String detail) {
    return new Result.Broken(problem, seq, block, detail);
  }
}
