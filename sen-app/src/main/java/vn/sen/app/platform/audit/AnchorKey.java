package vn.sen.app.platform.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Ed25519 key that signs the audit trail's anchors (docs/audit.md, "Signed anchors"). It lives in a file
 * outside the database — one PEM file with the private key and the public key — so that whoever administers
 * the database cannot sign anchors for a trail they rewrote. The public key alone goes to auditors
 * ({@code FILE.pub.pem}, written beside it when the key is created).
 */
final class AnchorKey {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1 KEY-----");

  private final @Nullable PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String id;

  private AnchorKey(@Nullable PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.id = idOf(publicKey);
  }

  /** The key in {@code file}, created (readable by its owner only) with its public half beside it if absent. */
  static AnchorKey loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every Java runtime since 15", e);
    }
    String publicPem = pem("PUBLIC", pair.getPublic().getEncoded());
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, ".anchor-key", ".tmp");
    try {
      restrict(partial);
      Files.writeString(partial, pem("PRIVATE", pair.getPrivate().getEncoded()) + publicPem);
      try {
        // a hard link is created only where no file is (a rename would replace a key another process just made)
        Files.createLink(file, partial);
      } catch (FileAlreadyExistsException e) {
        return read(file); // another process created it meanwhile
      } catch (UnsupportedOperationException e) {
        Files.move(partial, file); // no hard links on this file system
      }
    } finally {
      Files.deleteIfExists(partial);
    }
    Files.writeString(publicFile(file), publicPem);
    return new AnchorKey(pair.getPrivate(), pair.getPublic());
  }

  /**
   * A key file: the private and public key (as {@link #loadOrCreate} writes it), or a public key alone
   * (which can verify, not sign).
   */
  static AnchorKey read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    PrivateKey privateKey = null;
    PublicKey publicKey = null;
    try {
      KeyFactory keys = KeyFactory.getInstance("Ed25519");
      Matcher m = PEM.matcher(text);
      while (m.find()) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        if (m.group(1).equals("PRIVATE")) {
          privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(der));
        } else {
          publicKey = keys.generatePublic(new X509EncodedKeySpec(der));
        }
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " does not hold an Ed25519 key in PEM: " + e.getMessage(), e);
    }
    if (publicKey == null) {
      throw new IOException(file + " holds no Ed25519 public key (-----BEGIN PUBLIC KEY-----)");
    }
    AnchorKey key = new AnchorKey(privateKey, publicKey);
    if (privateKey != null && !key.verify(new byte[] {1, 2, 3}, key.sign(new byte[] {1, 2, 3}))) {
      throw new IOException(file + ": its private and public keys do not belong together");
    }
    return key;
  }

  /** Where {@link #loadOrCreate} puts the public key for auditors. */
  static Path publicFile(Path keyFile) {
    return keyFile.resolveSibling(keyFile.getFileName() + ".pub.pem");
  }

  /** The first 16 hex digits of the SHA-256 of the public key's encoding: names the key in each anchor. */
  String id() {
    return id;
  }

  boolean canSign() {
    return privateKey != null;
  }

  byte[] sign(byte[] message) {
    if (privateKey == null) {
      throw new IllegalStateException("this anchor key file holds only the public key");
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the anchor key", e);
    }
  }

  boolean verify(byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(publicKey);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String idOf(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + " KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + kind + " KEY-----\n";
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own access control applies
    }
  }
}
