package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTest {
  static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

  final SettableClock clock = new SettableClock(T0);
  final List<String> fullyDecoded = new ArrayList<>();
  boolean refuse;
  String issuerNow = "https://sen.example";

  /** Stands for the signature check: accepts every token unless told to refuse, and counts its calls. */
  final JwtDecoder signatureCheck = token -> {
    fullyDecoded.add(token);
    if (refuse) {
      throw new BadJwtException("signature refused");
    }
    return Jwt.withTokenValue(token).header("alg", "RS256").subject("s-" + token)
        .issuer("https://sen.example").issuedAt(T0).expiresAt(T0.plus(Duration.ofMinutes(10))).build();
  };
  final OAuth2TokenValidator<Jwt> validator = jwt -> clock.instant().isAfter(jwt.getExpiresAt())
      ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "expired", null))
      : jwt.getIssuer().toString().equals(issuerNow) ? OAuth2TokenValidatorResult.success()
      : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "issuer", null));

  VerifiedTokens tokens(int capacity) {
    return new VerifiedTokens(signatureCheck, validator, clock, Duration.ofMinutes(5), capacity);
  }

  @Test
  void theSameTokenIsVerifiedOnceAndOnlyTheSameStringMatches() {
    VerifiedTokens tokens = tokens(10);
    Jwt first = tokens.decode("a.b.c");
    Jwt again = tokens.decode("a.b.c");
    tokens.decode("a.b.d");

    assertThat(again).isSameAs(first);
    assertThat(fullyDecoded).containsExactly("a.b.c", "a.b.d");
  }

  @Test
  void aRememberedTokenIsValidatedAgainOnEveryUse() {
    VerifiedTokens tokens = tokens(10);
    tokens.decode("a.b.c");
    issuerNow = "https://other.example";
    refuse = true;

    assertThatThrownBy(() -> tokens.decode("a.b.c")).isInstanceOf(BadJwtException.class);
    assertThat(fullyDecoded).hasSize(2);
  }

  @Test
  void aTokenIsForgottenAfterTheMaximumAgeAndAtItsExpiry() {
    VerifiedTokens tokens = tokens(10);
    tokens.decode("a.b.c");
    clock.set(T0.plus(Duration.ofMinutes(6)));
    tokens.decode("a.b.c");
    assertThat(fullyDecoded).hasSize(2);

    clock.set(T0.plus(Duration.ofMinutes(11)));
    refuse = true; // the full decoder refuses an expired token
    assertThatThrownBy(() -> tokens.decode("a.b.c")).isInstanceOf(BadJwtException.class);
    assertThat(fullyDecoded).hasSize(3);
  }

  @Test
  void aRefusedTokenIsNotRemembered() {
    VerifiedTokens tokens = tokens(10);
    refuse = true;
    assertThatThrownBy(() -> tokens.decode("x.y.z")).isInstanceOf(BadJwtException.class);
    refuse = false;
    tokens.decode("x.y.z");
    assertThat(fullyDecoded).containsExactly("x.y.z", "x.y.z");
  }

  @Test
  void atCapacityTheRememberedTokensAreDropped() {
    VerifiedTokens tokens = tokens(3);
    for (String t : List.of("t1", "t2", "t3", "t4")) {
      tokens.decode(t);
    }
    assertThat(tokens.size()).isLessThanOrEqualTo(3);
    tokens.decode("t4");
    assertThat(fullyDecoded).containsExactly("t1", "t2", "t3", "t4");
  }

  static final class SettableClock extends Clock {
    private Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
