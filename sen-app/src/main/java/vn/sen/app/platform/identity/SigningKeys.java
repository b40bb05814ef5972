package vn.sen.app.platform.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sen's token signing keys (RSA 2048, RS256), kept in {@code identity_signing_key} so that every instance
 * and every restart signs and verifies with the same keys. The current key signs; after
 * {@link #rotate()} the former one stays in the key set, public part only, until every token it signed
 * has expired. The set is re-read from the database every {@value #RELOAD_SECONDS} seconds and whenever a
 * token names a key this instance does not know yet (a rotation by another process).
 */
public final class SigningKeys implements JWKSource<SecurityContext> {
  static final long RELOAD_SECONDS = 30;

  private final JdbcTemplate jdbc;
  private final DataSource dataSource;
  private final Clock clock;
  private final Duration keepRetired;
  private final SecureRandom random;
  private volatile @Nullable Loaded loaded;

  private record Loaded(JWKSet set, String currentKid, Instant at) {}

  /**
   * @param keepRetired how long a retired key stays published: the longest lifetime of a token it signed
   */
  public SigningKeys(DataSource dataSource, Clock clock, Duration keepRetired, SecureRandom random) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.dataSource = dataSource;
    this.clock = clock;
    this.keepRetired = keepRetired;
    this.random = random;
  }

  @Override
  public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) {
    List<JWK> found = selector.select(keys().set());
    if (found.isEmpty() && !selector.getMatcher().getKeyIDs().isEmpty()) {
      found = selector.select(reload().set());
    }
    return found;
  }

  /** The id of the key that signs now ({@code kid} in token headers). */
  public String currentKid() {
    return keys().currentKid();
  }

  /** Every published key, public parts only: the JWKS document. */
  public JWKSet publicSet() {
    return keys().set().toPublicJWKSet();
  }

  /**
   * Makes a new key current and retires the former one (still published until its tokens expire).
   * Returns the new key id.
   */
  public String rotate() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // the partial unique index on the current key makes a concurrent rotation fail rather than leave two
        try (PreparedStatement retire = c.prepareStatement(
            "update identity_signing_key set retired = ? where retired is null")) {
          retire.setTimestamp(1, Timestamp.from(clock.instant()));
          retire.executeUpdate();
        }
        String kid = insertNew(c);
        c.commit();
        reload();
        return kid;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot rotate the signing key: " + e.getMessage(), e);
    }
  }

  private Loaded keys() {
    Loaded current = loaded;
    if (current == null || current.at().isBefore(clock.instant().minusSeconds(RELOAD_SECONDS))) {
      return reload();
    }
    return current;
  }

  private synchronized Loaded reload() {
    Instant now = clock.instant();
    List<JWK> keys = new ArrayList<>();
    String[] currentKid = {null};
    jdbc.query("""
        select kid, private_key, public_key, created, retired from identity_signing_key
         where retired is null or retired > ? order by created desc""", rs -> {
      boolean current = rs.getTimestamp("retired") == null;
      RSAKey key = rsaKey(rs.getString("kid"), rs.getBytes("public_key"),
          current ? rs.getBytes("private_key") : null, rs.getTimestamp("created").toInstant());
      keys.add(key);
      if (current) {
        currentKid[0] = key.getKeyID();
      }
    }, Timestamp.from(now.minus(keepRetired)));
    if (currentKid[0] == null) {
      createFirst();
      return reload();
    }
    Loaded fresh = new Loaded(new JWKSet(keys), currentKid[0], now);
    loaded = fresh;
    return fresh;
  }

  /** The first start of a new database: one current key; a concurrent start that made one wins. */
  private void createFirst() {
    try (Connection c = dataSource.getConnection()) {
      try (var existing = c.createStatement().executeQuery(
          "select 1 from identity_signing_key where retired is null")) {
        if (existing.next()) {
          return;
        }
      }
      insertNew(c);
    } catch (SQLException e) {
      // Another instance created the first key at the same moment (unique current key); use theirs.
      if (!"23505".equals(e.getSQLState())) {
        throw new IllegalStateException("cannot create a signing key: " + e.getMessage(), e);
      }
    }
  }

  private String insertNew(Connection c) throws SQLException {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, random);
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
    byte[] id = new byte[12];
    random.nextBytes(id);
    String kid = HexFormat.of().formatHex(id);
    try (PreparedStatement insert = c.prepareStatement("""
        insert into identity_signing_key (kid, private_key, public_key, created) values (?, ?, ?, ?)""")) {
      insert.setString(1, kid);
      insert.setBytes(2, pair.getPrivate().getEncoded());
      insert.setBytes(3, pair.getPublic().getEncoded());
      insert.setTimestamp(4, Timestamp.from(clock.instant()));
      insert.executeUpdate();
    }
    return kid;
  }

  private static RSAKey rsaKey(String kid, byte[] publicKey, byte @Nullable [] privateKey, Instant created) {
    try {
      KeyFactory factory = KeyFactory.getInstance("RSA");
      RSAKey.Builder key = new RSAKey.Builder(
          (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(publicKey)))
          .keyID(kid)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .issueTime(Date.from(created));
      if (privateKey != null) {
        key.privateKey((RSAPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
      }
      return key.build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing key " + kid + " is unreadable", e);
    }
  }
}
