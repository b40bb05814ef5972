package vn.sen.app.platform.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An entry in its place on the chain: {@code hash = SHA-256(prevHash ‖ entry.canonicalBytes())}.
 *
 * @param seq position on the chain, from 1, without gaps
 */
public record ChainLink(long seq, AuditEntry entry, byte[] prevHash, byte[] hash) {
  /** The hash before the first entry. */
  static final byte[] GENESIS = new byte[32];

  static ChainLink after(long prevSeq, byte[] prevHash, AuditEntry entry) {
    return new ChainLink(prevSeq + 1, entry, prevHash, hash(prevHash, entry));
  }

  static byte[] hash(byte[] prevHash, AuditEntry entry) {
    MessageDigest sha256 = sha256();
    sha256.update(prevHash);
    sha256.update(entry.canonicalBytes());
    return sha256.digest();
  }

  /** Whether the stored hash is what the entry's content and stored previous hash give. */
  boolean selfConsistent() {
    return MessageDigest.isEqual(hash, hash(prevHash, entry));
  }

  String hashHex() {
    return HexFormat.of().formatHex(hash);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
