package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.oauth2.jwt.Jwt;
import vn.sen.app.SenServer;

/** Withdrawn apps' tokens: refused from the moment, in this process at once and in another after a refresh. */
@ExtendWith(SenServer.class)
class WithdrawnAppsTest {
  private static final Duration KEEP = Duration.ofMinutes(16);
  private static final Instant T = Instant.parse("2026-12-07T10:00:00.400Z");

  @Test
  void tokensIssuedBeforeTheWithdrawalAreRefusedAndLaterOnesAccepted(SenServer.Running sen) throws Exception {
    DataSource db = sen.context().getBean(DataSource.class);
    String app = "app-" + UUID.randomUUID();
    try (WithdrawnApps here = new WithdrawnApps(db, Clock.fixed(T, ZoneOffset.UTC), KEEP, Duration.ofHours(1));
        WithdrawnApps elsewhere = new WithdrawnApps(db, Clock.fixed(T, ZoneOffset.UTC), KEEP, Duration.ofHours(1))) {
      assertThat(here.validate(token(app, "bn-an", T.minusSeconds(60), true)).hasErrors()).isFalse();

      Instant at;
      try (Connection c = db.getConnection()) {
        at = here.record(c, app, "bn-an");
      }
      here.remember(app, "bn-an", at);

      assertThat(here.validate(token(app, "bn-an", T.minusSeconds(60), true)).hasErrors()).isTrue();
      assertThat(here.validate(token(app, "bn-an", T.minusMillis(100), true)).hasErrors())
          .as("issued earlier in the same second").isTrue();
      assertThat(here.validate(token(app, "bn-an", T.plusMillis(100), true)).hasErrors())
          .as("issued later in the same second, after consent was given again").isFalse();
      assertThat(here.validate(token(app, "bn-an", T.minusSeconds(60), false)).hasErrors())
          .as("a token without Sen's millisecond claim is judged by its iat").isTrue();
      assertThat(here.validate(token(app, "bn-binh", T.minusSeconds(60), true)).hasErrors())
          .as("another user").isFalse();
      assertThat(here.validate(token("other-" + app, "bn-an", T.minusSeconds(60), true)).hasErrors())
          .as("another app").isFalse();
      assertThat(elsewhere.validate(token(app, "bn-an", T.minusSeconds(60), true)).hasErrors())
          .as("another process, before it reads the withdrawals").isFalse();
      elsewhere.refresh();
      assertThat(elsewhere.validate(token(app, "bn-an", T.minusSeconds(60), true)).hasErrors()).isTrue();
    }
    try (WithdrawnApps later = new WithdrawnApps(db, Clock.fixed(T.plus(KEEP).plusSeconds(1), ZoneOffset.UTC), KEEP,
        Duration.ofHours(1))) {
      later.refresh();
      assertThat(later.validate(token(app, "bn-an", T.minusSeconds(60), true)).hasErrors())
          .as("no token issued then lives this long; the withdrawal is forgotten").isFalse();
      try (Connection c = db.getConnection(); var s = c.prepareStatement(
          "SELECT count(*) FROM app_access_withdrawal WHERE client_id = ?")) {
        s.setString(1, app);
        try (var rs = s.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).isZero();
        }
      }
    }
  }

  private static Jwt token(String clientId, String subject, Instant issued, boolean senClaim) {
    Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject(subject)
        .claim(AccessTokenClaims.CLIENT_ID, clientId).issuedAt(issued).expiresAt(issued.plusSeconds(900));
    if (senClaim) {
      jwt.claim(AccessTokenClaims.ISSUED_MS, Long.toString(issued.toEpochMilli()));
    }
    return jwt.build();
  }
}
