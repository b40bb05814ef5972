package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import vn.sen.app.SenServer;
import vn.sen.app.platform.policy.AccessSubject;

/**
 * {@code sen.identity.issuer-uri}: tokens of an external OpenID Connect issuer, found through its discovery
 * document and keys. The running Sen plays the external issuer (as Keycloak would be), with Keycloak's
 * realm roles claim.
 */
@ExtendWith(SenServer.class)
class ExternalIssuerTest {

  private static IdentityProperties external(String issuer, String audience) {
    return new IdentityProperties(issuer, audience, "realm_access.roles", Duration.ofMinutes(15), Duration.ofHours(8),
        5, Duration.ofMinutes(15), Duration.ofMinutes(20));
  }

  @Test
  void tokensOfTheConfiguredIssuerAreAcceptedAndTheirRolesClaimIsMapped(SenServer.Running sen) {
    IdentityProperties properties = external(sen.baseUrl(), sen.baseUrl() + "/fhir");
    JwtDecoder decoder = new SecurityConfiguration().jwtDecoder(sen.context().getBean(SigningKeys.class),
        sen.context().getBean(Issuer.class), properties, Clock.systemUTC(),
        sen.context().getBean(WithdrawnApps.class));
    TokenIssuer issuer = sen.context().getBean(TokenIssuer.class);
    Map<String, Object> realm = new HashMap<>();
    realm.put("roles", new ArrayList<>(List.of("nurse", "offline_access")));
    String token = issuer.sign(issuer.standard("kc-user-1", "sen-web", List.of(), Instant.now(), Duration.ofMinutes(5))
        .claim("realm_access", realm).claim("fhirUser", "Practitioner/kc-1").claim("scope", "openid user/*.rs")
        .build());

    Jwt jwt = decoder.decode(token);
    AccessSubject subject = new CurrentSubject(sen.context().getBean(UserAccounts.class), properties).fromToken(jwt);

    assertThat(subject.roles()).containsExactly("nurse");
    assertThat(subject.fhirUser()).isEqualTo("Practitioner/kc-1");
    assertThat(subject.system()).isFalse();
    assertThat(subject.scopes().permits("Observation", 's')).isTrue();
    assertThat(subject.scopes().permits("Observation", 'c')).isFalse();
  }

  @Test
  void tokensForAnotherAudienceOrOfAnotherIssuerAreRefused(SenServer.Running sen) {
    JwtDecoder decoder = new SecurityConfiguration().jwtDecoder(sen.context().getBean(SigningKeys.class),
        sen.context().getBean(Issuer.class), external(sen.baseUrl(), "https://sen.example.vn/fhir"), Clock.systemUTC(),
        sen.context().getBean(WithdrawnApps.class));
    TokenIssuer issuer = sen.context().getBean(TokenIssuer.class);
    String wrongAudience = issuer.sign(issuer.standard("u", "c", List.of(), Instant.now(), Duration.ofMinutes(5))
        .build());
    String otherIssuer = issuer.sign(issuer.standard("u", "c", List.of(), Instant.now(), Duration.ofMinutes(5))
        .issuer("https://keycloak.example/realms/other").audience(new ArrayList<>(List.of("https://sen.example.vn/fhir")))
        .build());

    assertThatThrownBy(() -> decoder.decode(wrongAudience)).isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(otherIssuer)).isInstanceOf(JwtException.class);
  }
}
