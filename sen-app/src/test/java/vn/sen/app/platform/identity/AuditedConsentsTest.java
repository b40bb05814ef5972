package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import vn.sen.app.SenServer;
import vn.sen.app.platform.audit.AuditTrail;
import vn.sen.app.platform.audit.AuditWriteException;

/** A grant whose audit entry cannot be written is undone: the user's earlier grant, or none, stays. */
@ExtendWith(SenServer.class)
class AuditedConsentsTest {

  @Test
  void aGrantThatCannotBeAuditedLeavesThePreviousGrantInPlace(SenServer.Running sen) {
    DataSource dataSource = sen.context().getBean(DataSource.class);
    AuditTrail closed = new AuditTrail(dataSource, Duration.ofSeconds(1));
    closed.close();
    InMemoryOAuth2AuthorizationConsentService store = new InMemoryOAuth2AuthorizationConsentService();
    AuditedConsents consents = new AuditedConsents(store, sen.context().getBean(LoginAudit.class), closed,
        sen.context().getBean(UserAccounts.class), sen.context().getBean(RegisteredClientRepository.class),
        dataSource, sen.context().getBean(WithdrawnApps.class));
    OAuth2AuthorizationConsent before = consent("app-1", "patient/*.rs");
    store.save(before);

    assertThatThrownBy(() -> consents.save(consent("app-1", "patient/*.rs", "offline_access")))
        .isInstanceOf(AuditWriteException.class);
    assertThat(store.findById("app-1", "someone").getScopes()).containsExactly("patient/*.rs");

    assertThatThrownBy(() -> consents.save(consent("app-2", "patient/*.rs")))
        .isInstanceOf(AuditWriteException.class);
    assertThat(store.findById("app-2", "someone")).isNull();
  }

  private static OAuth2AuthorizationConsent consent(String registeredClientId, String... scopes) {
    OAuth2AuthorizationConsent.Builder b = OAuth2AuthorizationConsent.withId(registeredClientId, "someone");
    Set.of(scopes).forEach(b::scope);
    return b.build();
  }
}
