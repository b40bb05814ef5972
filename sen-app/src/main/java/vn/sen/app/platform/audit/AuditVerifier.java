package vn.sen.app.platform.audit;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Proves the audit chain intact, or names the first entry that was altered, inserted or deleted
 * ({@code ./sen audit verify}). Each entry must hash to its stored hash from its stored previous hash
 * (else it was altered), link to the entry before it (else one was inserted or deleted) and follow it
 * without a gap in sequence numbers (else entries were deleted). Entries removed from the tail, or a chain
 * rewritten from some point on with recomputed hashes, are found only against an {@link Anchor}: a
 * {@code SEQ:HASH} published earlier (docs/audit.md).
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
     * Every entry from {@code firstSeq} to {@code lastSeq} checked; {@code lastHash} is the anchor to publish;
     * {@code pending} entries of just-committed writes wait to be chained.
     */
    record Intact(long entries, long firstSeq, long lastSeq, String lastHash, long pending) implements Result {}

    /** The first entry found wrong. */
    record Broken(Problem problem, long seq, String detail) implements Result {}
  }

  /** What happened to the entry named. */
  public enum Problem { ALTERED, INSERTED, DELETED }

  /** A position and hash of the chain, recorded earlier outside the database. */
  public record Anchor(long seq, byte[] hash) {
    /** Parses {@code SEQ:HASH} (hash in hex); empty if malformed. */
    public static Optional<Anchor> parse(String text) {
      int colon = text.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      try {
        long seq = Long.parseLong(text.substring(0, colon));
        byte[] hash = HexFormat.of().parseHex(text.substring(colon + 1));
        return seq > 0 && hash.length == 32 ? Optional.of(new Anchor(seq, hash)) : Optional.empty();
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  public Result verify(@Nullable Anchor anchor) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      // One snapshot for the whole walk (the tail grows while we read), and a cursor so that a long trail
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
    long firstSeq = prevSeq + 1;
    if (anchor != null && anchor.seq() == prevSeq && !MessageDigest.isEqual(anchor.hash(), prevHash)) {
      return new Result.Broken(Problem.ALTERED, prevSeq, "the retention mark differs from the anchor");
    }
    byte[] prevPrevHash = null;
    long count = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + AuditChain.COLUMNS + " FROM audit_entry WHERE seq > ? ORDER BY seq")) {
      ps.setFetchSize(FETCH);
      ps.setLong(1, prevSeq);
      try (ResultSet rs = ps.executeQuery()) {
        ChainLink next = rs.next() ? AuditChain.read(rs) : null;
        while (next != null) {
          ChainLink r = next;
          next = rs.next() ? AuditChain.read(rs) : null;
          Result.Broken broken = check(r, next, prevSeq, prevHash, prevPrevHash);
          if (broken != null) {
            return broken;
          }
          if (anchor != null && r.seq() == anchor.seq() && !MessageDigest.isEqual(anchor.hash(), r.hash())) {
            return new Result.Broken(Problem.ALTERED, r.seq(),
                "differs from the anchor: the chain was rewritten up to here with recomputed hashes");
          }
          prevPrevHash = prevHash;
          prevSeq = r.seq();
          prevHash = r.hash();
          count++;
        }
      }
    }
    if (anchor != null && anchor.seq() > prevSeq) {
      return new Result.Broken(Problem.DELETED, prevSeq + 1,
          "the chain ends at " + prevSeq + " but the anchor names entry " + anchor.seq()
              + ": entries were deleted from the tail");
    }
    long pending;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_pending")) {
      rs.next();
      pending = rs.getLong(1);
    }
    return new Result.Intact(count, firstSeq, prevSeq, HexFormat.of().formatHex(prevHash), pending);
  }

  private static Result.@Nullable Broken check(ChainLink r, @Nullable ChainLink next, long prevSeq,
      byte[] prevHash, byte @Nullable [] prevPrevHash) {
    if (r.seq() > prevSeq + 1) {
      return new Result.Broken(Problem.DELETED, prevSeq + 1, r.seq() == prevSeq + 2
          ? "entry " + (prevSeq + 1) + " is missing"
          : "entries " + (prevSeq + 1) + " to " + (r.seq() - 1) + " are missing");
    }
    boolean linked = MessageDigest.isEqual(r.prevHash(), prevHash);
    boolean nextSkipsThis = next != null && MessageDigest.isEqual(next.prevHash(), prevHash);
    if (!r.selfConsistent()) {
      if (linked) {
        return new Result.Broken(Problem.ALTERED, r.seq(), "its content no longer matches its hash");
      }
      return new Result.Broken(Problem.INSERTED, r.seq(),
          "it neither matches its hash nor links to the entry before it");
    }
    if (!linked) {
      if (prevPrevHash != null && MessageDigest.isEqual(r.prevHash(), prevPrevHash)) {
        return new Result.Broken(Problem.INSERTED, prevSeq,
            "entry " + r.seq() + " links to the entry before it, so it was put in between");
      }
      if (nextSkipsThis) {
        return new Result.Broken(Problem.INSERTED, r.seq(), "the entry after it links past it");
      }
      return new Result.Broken(Problem.DELETED, r.seq(),
          "it does not link to entry " + prevSeq + ": an entry before it was removed and the rest renumbered"
              + " (or entry " + prevSeq + " was rewritten with a recomputed hash)");
    }
    return null;
  }
}
