package vn.sen.app.platform.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Apps whose access a user withdrew (/auth/apps): their access tokens for that user issued before the
 * withdrawal are refused from that moment, although they have not expired. A validator on every use of a
 * bearer token, including tokens {@link VerifiedTokens} remembers.
 *
 * <p>The withdrawals are rows of {@code app_access_withdrawal}, written in the withdrawal's transaction; this
 * process knows its own at once, and reads everyone's every {@code refresh} (other Sen processes on the
 * database learn of a withdrawal within that time). A row is kept as long as an access token lives, then
 * deleted. The check itself is a map look-up (nothing when no withdrawal is recent).
 */
public final class WithdrawnApps implements OAuth2TokenValidator<Jwt>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WithdrawnApps.class);
  private static final OAuth2Error WITHDRAWN = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
      "The user withdrew this app's access", null);

  private final DataSource dataSource;
  private final Clock clock;
  private final Duration keep;
  private final ConcurrentHashMap<Key, Instant> withdrawn = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher;
  private long lastFailure = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

  /**
   * @param keep how long a withdrawal matters: the longest an access token lives, plus clock leeway
   * @param refresh how often the withdrawals of other processes are read
   */
  public WithdrawnApps(DataSource dataSource, Clock clock, Duration keep, Duration refresh) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.keep = keep;
    this.refresher = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("sen-withdrawn-apps").daemon().factory());
    refreshLogged();
    refresher.scheduleWithFixedDelay(this::refreshLogged, refresh.toMillis(), refresh.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Writes a withdrawal in the caller's open transaction; call {@link #remember} once it has committed.
   *
   * @return the moment of the withdrawal
   */
  Instant record(Connection c, String clientId, String principal) throws SQLException {
    Instant at = clock.instant();
    // two withdrawals of the same app by the same user (two tabs, two processes) may race: the row keeps
    // the later moment, and neither fails
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO app_access_withdrawal (client_id, principal_name, withdrawn_at) VALUES (?, ?, ?)
        ON CONFLICT (client_id, principal_name)
          DO UPDATE SET withdrawn_at = greatest(app_access_withdrawal.withdrawn_at, excluded.withdrawn_at)""")) {
      ps.setString(1, clientId);
      ps.setString(2, principal);
      ps.setTimestamp(3, Timestamp.from(at));
      ps.executeUpdate();
    }
    return at;
  }

  /** Takes effect in this process at once (after {@link #record}'s transaction committed). */
  void remember(String clientId, String principal, Instant at) {
    withdrawn.merge(new Key(clientId, principal), at, (a, b) -> a.isAfter(b) ? a : b);
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt token) {
    if (withdrawn.isEmpty()) {
      return OAuth2TokenValidatorResult.success();
    }
    String client = token.getClaimAsString(AccessTokenClaims.CLIENT_ID);
    String subject = token.getSubject();
    if (client == null || subject == null) {
      return OAuth2TokenValidatorResult.success();
    }
    Instant at = withdrawn.get(new Key(client, subject));
    if (at == null) {
      return OAuth2TokenValidatorResult.success();
    }
    Instant issued = AccessTokenClaims.issuedAt(token);
    return issued == null || !issued.isAfter(at)
        ? OAuth2TokenValidatorResult.failure(WITHDRAWN) : OAuth2TokenValidatorResult.success();
  }

  /** Reads the withdrawals of every process, forgets and deletes those older than {@code keep}. */
  void refresh() throws SQLException {
    Instant cutoff = clock.instant().minus(keep);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT client_id, principal_name, withdrawn_at FROM app_access_withdrawal WHERE withdrawn_at > ?")) {
        ps.setTimestamp(1, Timestamp.from(cutoff));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            remember(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant());
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM app_access_withdrawal WHERE withdrawn_at <= ?")) {
        ps.setTimestamp(1, Timestamp.from(cutoff));
        ps.executeUpdate();
      }
    }
    withdrawn.values().removeIf(at -> !at.isAfter(cutoff));
  }

  private void refreshLogged() {
    try {
      refresh();
    } catch (SQLException | RuntimeException e) {
      // while the database is away, say so once a minute, not every few seconds
      long now = System.nanoTime();
      if (now - lastFailure > TimeUnit.MINUTES.toNanos(1)) {
        lastFailure = now;
        log.warn("Cannot read the apps' withdrawn access: {}", e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }

  private record Key(String clientId, String principal) {}
}
