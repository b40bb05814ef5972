package vn.sen.app.platform.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
 * <p>One walk in position order, in one snapshot. Entries chained one by one before V10 must each hash to
 * their stored hash from their stored previous hash, link to the entry before and follow it without a gap.
 * Then the sealed entries (docs/audit.md, "The chain"), block by block: each seal must follow the one before,
 * link to it, hash to its stored hash and begin right after the last entry; every entry it covers must be
 * there, without a gap, with the content that hashes to the listed hash. An entry no seal covers was put there
 * afterwards (the writer seals entries in the transaction that puts them on the trail). Seals removed from the
 * tail, or a chain rewritten from some point on with recomputed hashes, are found only against an
 * {@link Anchor} published earlier or signed by Sen ({@link AuditAnchors}).
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
     * {@code anchor} is the anchor to publish (empty for an empty trail); {@code pending} entries staged
     * moments ago wait to be moved onto the trail.
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
    return verify(anchor, List.of());
  }

  /**
   * Verifies against {@code anchor} (given by hand) and {@code signed}: anchors of seals whose signatures
   * were checked ({@link AuditAnchors}). Every block an anchor names must still have its hash, and the
   * seals must reach the furthest block named.
   */
  public Result verify(@Nullable Anchor anchor, List<Anchor> signed) throws SQLException {
    Map<Long, byte[]> sealAnchors = new HashMap<>();
    List<Anchor> all = new ArrayList<>(signed);
    if (anchor != null && anchor.ofSeal()) {
      all.add(anchor);
    }
    for (Anchor a : all) {
      if (!a.ofSeal()) {
        throw new IllegalArgumentException("signed anchors name seals");
      }
      byte[] known = sealAnchors.putIfAbsent(a.block(), a.hash());
      if (known != null && !MessageDigest.isEqual(known, a.hash())) {
        return broken(Problem.ALTERED, 0, a.block(), "two anchors of block " + a.block() + " disagree on its hash");
      }
    }
    try (Connection c = dataSource.getConnection()) {
      // One snapshot for the whole walk (the trail grows while we read), and cursors so that a long trail
      // is streamed rather than loaded.
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        return walk(c, anchor, sealAnchors);
      } finally {
        c.rollback();
      }
    }
  }

  private Result walk(Connection c, @Nullable Anchor anchor, Map<Long, byte[]> sealAnchors) throws SQLException {
    Walk w = new Walk(anchor, sealAnchors);
    // where the trail starts: after retention's last seal mark, else after its last link mark, else genesis
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT through_block, last_seq, hash FROM audit_seal_mark"
            + " ORDER BY through_block DESC LIMIT 1")) {
      if (rs.next()) {
        w.block = rs.getLong(1);
        w.seq = rs.getLong(2);
        w.hash = rs.getBytes(3);
        w.sealing = true;
      }
    }
    if (!w.sealing) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT through_seq, hash FROM audit_retention_mark ORDER BY through_seq DESC LIMIT 1")) {
        if (rs.next()) {
          w.seq = rs.getLong(1);
          w.hash = rs.getBytes(2);
        }
      }
    }
    Result.Broken broken = w.atMark();
    if (broken != null) {
      return broken;
    }
    try (PreparedStatement entries = c.prepareStatement("SELECT " + AuditChain.LINK_COLUMNS
            + ", entry_hash, entity_keys FROM audit_entry WHERE seq > ? ORDER BY seq");
        PreparedStatement seals = c.prepareStatement(
            "SELECT " + AuditSeal.COLUMNS + " FROM audit_seal WHERE block > ? ORDER BY block")) {
      entries.setFetchSize(FETCH);
      entries.setLong(1, w.seq);
      seals.setFetchSize(FETCH / 10);
      seals.setLong(1, w.block);
      try (ResultSet rows = entries.executeQuery(); ResultSet sealRows = seals.executeQuery()) {
        w.seals = sealRows;
        ChainLink next = rows.next() ? AuditChain.link(rows) : null;
        while (next != null) {
          ChainLink r = next;
          byte[] entryHash = rows.getBytes("entry_hash");
          List<String> keys = entryHash == null ? List.of() : AuditChain.strings(rows, "entity_keys");
          next = rows.next() ? AuditChain.link(rows) : null;
          broken = entryHash == null ? w.link(r, next) : w.sealed(r, entryHash, keys);
          if (broken != null) {
            return broken;
          }
        }
        broken = w.end();
        if (broken != null) {
          return broken;
        }
      }
    }
    long pending;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_pending")) {
      rs.next();
      pending = rs.getLong(1);
    }
    String anchorToPublish = w.blocks > 0 || w.block > 0 ? new Anchor(w.block, 0, w.hash).toString()
        : w.seq > 0 ? new Anchor(0, w.seq, w.hash).toString() : "";
    return new Result.Intact(w.entries, w.blocks, anchorToPublish, pending);
  }

  /** A walk along the trail: the per-entry links first, then the sealed entries block by block. */
  private static final class Walk {
    final @Nullable Anchor anchor;
    /** The hash each anchored block must have (the anchor given by hand and the signed ones). */
    final Map<Long, byte[]> sealAnchors;
    /** The last entry checked, and the last link's or seal's hash. */
    long seq;
    byte[] hash = ChainLink.GENESIS;
    byte @Nullable [] prevPrevHash;
    /** The last seal checked (or retention's mark). */
    long block;
    boolean sealing;
    @Nullable AuditSeal seal;
    @Nullable ResultSet seals;
    long entries;
    long blocks;

    Walk(@Nullable Anchor anchor, Map<Long, byte[]> sealAnchors) {
      this.anchor = anchor;
      this.sealAnchors = sealAnchors;
    }

    Result.@Nullable Broken atMark() {
      if (anchor != null && !anchor.ofSeal() && !sealing && anchor.seq() == seq
          && !MessageDigest.isEqual(anchor.hash(), hash)) {
        return broken(Problem.ALTERED, anchor.seq(), 0, "the retention mark differs from the anchor");
      }
      byte[] anchored = sealing ? sealAnchors.get(block) : null;
      if (anchored != null && !MessageDigest.isEqual(anchored, hash)) {
        return broken(Problem.ALTERED, 0, block, "the retention mark differs from the anchor");
      }
      return null;
    }

    /** A link of the per-entry chain written before V10. */
    Result.@Nullable Broken link(ChainLink r, @Nullable ChainLink next) {
      if (sealing) {
        return broken(Problem.INSERTED, r.seq(), 0, "a link of the chain written before V10 after sealed entries");
      }
      Result.Broken broken = check(r, next, seq, hash, prevPrevHash);
      if (broken != null) {
        return broken;
      }
      if (anchor != null && !anchor.ofSeal() && r.seq() == anchor.seq()
          && !MessageDigest.isEqual(anchor.hash(), r.hash())) {
        return broken(Problem.ALTERED, r.seq(), 0,
            "differs from the anchor: the chain was rewritten up to here with recomputed hashes");
      }
      prevPrevHash = hash;
      seq = r.seq();
      hash = r.hash();
      entries++;
      return null;
    }

    /** An entry that a seal must list. */
    Result.@Nullable Broken sealed(ChainLink r, byte[] storedHash, List<String> keys) throws SQLException {
      if (!sealing && anchor != null && !anchor.ofSeal() && anchor.seq() > seq) {
        return linksTruncated();
      }
      sealing = true;
      while (seal == null || seq == seal.lastSeq()) {
        Result.Broken broken = nextSeal(r.seq());
        if (broken != null) {
          return broken;
        }
      }
      AuditSeal current = seal;
      if (r.seq() > seq + 1) {
        return broken(Problem.DELETED, seq + 1, current.block(), r.seq() == seq + 2
            ? "entry " + (seq + 1) + " is missing"
            : "entries " + (seq + 1) + " to " + (r.seq() - 1) + " are missing");
      }
      byte[] listed = current.entryHash(r.seq());
      if (!MessageDigest.isEqual(r.entry().hash(), listed)) {
        return broken(Problem.ALTERED, r.seq(), current.block(), "its content no longer matches its seal");
      }
      if (!MessageDigest.isEqual(storedHash, listed)) {
        return broken(Problem.ALTERED, r.seq(), current.block(), "its stored hash was changed");
      }
      if (!keys.equals(r.entry().entityKeys())) {
        return broken(Problem.ALTERED, r.seq(), current.block(), "its entity keys no longer match its entities");
      }
      seq = r.seq();
      entries++;
      return null;
    }

    /** Moves to the next seal, which must follow the last one and begin right after the last entry. */
    private Result.@Nullable Broken nextSeal(long entrySeq) throws SQLException {
      ResultSet rs = java.util.Objects.requireNonNull(seals);
      if (!rs.next()) {
        return broken(Problem.INSERTED, entrySeq, 0, "no seal covers it");
      }
      AuditSeal next = AuditSeal.read(rs);
      Result.Broken broken = checkSeal(next);
      if (broken != null) {
        return broken;
      }
      seal = next;
      block = next.block();
      hash = next.hash();
      blocks++;
      return null;
    }

    private Result.@Nullable Broken checkSeal(AuditSeal next) {
      if (next.block() > block + 1) {
        return broken(Problem.DELETED, 0, block + 1, next.block() == block + 2
            ? "the seal of block " + (block + 1) + " is missing"
            : "the seals of blocks " + (block + 1) + " to " + (next.block() - 1) + " are missing");
      }
      if (!next.selfConsistent()) {
        return broken(Problem.ALTERED, 0, next.block(), "the seal no longer matches its hash");
      }
      if (!MessageDigest.isEqual(next.prevHash(), hash)) {
        return broken(Problem.INSERTED, 0, next.block(), "the seal does not link to the one before it: a block"
            + " was put in between, or the one before was removed or rewritten with a recomputed hash");
      }
      if (next.firstSeq() != seq + 1) {
        return broken(next.firstSeq() > seq + 1 ? Problem.DELETED : Problem.ALTERED, seq + 1, next.block(),
            "the seal of block " + next.block() + " begins at entry " + next.firstSeq() + ", not " + (seq + 1));
      }
      byte[] anchored = sealAnchors.get(next.block());
      if (anchored != null && !MessageDigest.isEqual(anchored, next.hash())) {
        return broken(Problem.ALTERED, 0, next.block(),
            "differs from the anchor: the chain was rewritten up to here with recomputed hashes");
      }
      return null;
    }

    /** After the last entry: the current seal must be complete, and no seal may be left without entries. */
    Result.@Nullable Broken end() throws SQLException {
      if (seal != null && seq < seal.lastSeq()) {
        return broken(Problem.DELETED, seq + 1, seal.block(), seq + 1 == seal.lastSeq()
            ? "entry " + (seq + 1) + " is missing"
            : "entries " + (seq + 1) + " to " + seal.lastSeq() + " are missing");
      }
      if (seals != null && seals.next()) {
        AuditSeal next = AuditSeal.read(seals);
        Result.Broken broken = checkSeal(next);
        return broken != null ? broken : broken(Problem.DELETED, next.firstSeq(), next.block(),
            "entries " + next.firstSeq() + " to " + next.lastSeq() + " of the block are missing");
      }
      if (!sealing && anchor != null && !anchor.ofSeal() && anchor.seq() > seq) {
        return linksTruncated();
      }
      long furthest = sealAnchors.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
      if (furthest > block) {
        return broken(Problem.DELETED, 0, block + 1, "the seals end at block " + block
            + " but an anchor names block " + furthest + ": blocks were deleted from the tail");
      }
      return null;
    }

    private Result.Broken linksTruncated() {
      return broken(Problem.DELETED, seq + 1, 0, "the chain ends at " + seq + " but the anchor names entry "
          + java.util.Objects.requireNonNull(anchor).seq() + ": entries were deleted from the tail");
    }
  }

  private static Result.@Nullable Broken check(ChainLink r, @Nullable ChainLink next, long prevSeq,
      byte[] prevHash, byte @Nullable [] prevPrevHash) {
    if (r.seq() > prevSeq + 1) {
      return broken(Problem.DELETED, prevSeq + 1, 0, r.seq() == prevSeq + 2
          ? "entry " + (prevSeq + 1) + " is missing"
          : "entries " + (prevSeq + 1) + " to " + (r.seq() - 1) + " are missing");
    }
    boolean linked = MessageDigest.isEqual(r.prevHash(), prevHash);
    boolean nextSkipsThis = next != null && next.prevHash() != null && MessageDigest.isEqual(next.prevHash(), prevHash);
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

  private static Result.Broken broken(Problem problem, long seq, long block, String detail) {
    return new Result.Broken(problem, seq, block, detail);
  }
}
