package vn.sen.app.platform.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import vn.sen.app.platform.audit.AuditEntry;
import vn.sen.app.platform.audit.AuditTrail;
import vn.sen.app.platform.audit.AuditWriteException;

/**
 * The grants users give apps (Spring Authorization Server's consent store), with each grant and each
 * withdrawal in the audit trail: action {@code app-consent} or {@code app-consent-withdrawn}, the user, the
 * patient they are (for a patient user), and as reason the app and the scopes. A grant whose entry cannot be
 * written is undone (the previous grant, if any, is put back) and the authorization fails.
 */
final class AuditedConsents implements OAuth2AuthorizationConsentService {
  static final String GRANTED = "app-consent";
  static final String WITHDRAWN = "app-consent-withdrawn";
  private final OAuth2AuthorizationConsentService consents;
  private final LoginAudit audit;
  private final AuditTrail trail;
  private final UserAccounts users;
  private final RegisteredClientRepository clients;
  private final DataSource dataSource;
  private final WithdrawnApps withdrawnApps;

  AuditedConsents(OAuth2AuthorizationConsentService consents, LoginAudit audit, AuditTrail trail,
      UserAccounts users, RegisteredClientRepository clients, DataSource dataSource, WithdrawnApps withdrawnApps) {
    this.consents = consents;
    this.audit = audit;
    this.trail = trail;
    this.users = users;
    this.clients = clients;
    this.dataSource = dataSource;
    this.withdrawnApps = withdrawnApps;
  }

  /** The registered-client ids of the apps {@code principal} has granted access, in id order. */
  List<String> grantedBy(String principal) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT registered_client_id FROM oauth2_authorization_consent"
            + " WHERE principal_name = ? ORDER BY registered_client_id")) {
      ps.setString(1, principal);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the apps a user granted", e);
    }
  }

  /**
   * Withdraws a user's grant to an app, in one transaction with its audit entry: the grant and the app's
   * authorizations for that user (codes, access and refresh tokens on record) are deleted, so the app must
   * ask again and its refresh tokens are refused at once; the access tokens it holds for that user are
   * refused at once too ({@link WithdrawnApps}).
   *
   * @throws AuditWriteException if it could not be done (nothing was changed)
   */
  void withdraw(OAuth2AuthorizationConsent consent) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (String table : List.of("oauth2_authorization", "oauth2_authorization_consent")) {
          try (PreparedStatement ps = c.prepareStatement(
              "DELETE FROM " + table + " WHERE registered_client_id = ? AND principal_name = ?")) {
            ps.setString(1, consent.getRegisteredClientId());
            ps.setString(2, consent.getPrincipalName());
            ps.executeUpdate();
          }
        }
        RegisteredClient client = clients.findById(consent.getRegisteredClientId());
        @Nullable Instant at = client == null
            ? null : withdrawnApps.record(c, client.getClientId(), consent.getPrincipalName());
        trail.append(c, List.of(entry(consent, WITHDRAWN)));
        c.commit();
        if (at != null) {
          withdrawnApps.remember(client.getClientId(), consent.getPrincipalName(), at);
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new AuditWriteException("the withdrawal could not be recorded", e);
    }
  }

  @Override
  public void save(OAuth2AuthorizationConsent consent) {
    OAuth2AuthorizationConsent previous = consents.findById(consent.getRegisteredClientId(),
        consent.getPrincipalName());
    consents.save(consent);
    try {
      trail.record(entry(consent, GRANTED));
    } catch (AuditWriteException e) {
      if (previous != null) {
        consents.save(previous);
      } else {
        consents.remove(consent);
      }
      throw e;
    }
  }

  @Override
  public void remove(OAuth2AuthorizationConsent consent) {
    consents.remove(consent);
    trail.record(entry(consent, WITHDRAWN));
  }

  @Override
  public @Nullable OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
    return consents.findById(registeredClientId, principalName);
  }

  /** The entry for granting or withdrawing {@code consent} (scopes sorted, {@code openid} included). */
  AuditEntry entry(OAuth2AuthorizationConsent consent, String action) {
    String patient = users.find(consent.getPrincipalName()).map(UserAccount::patient).orElse(null);
    RegisteredClient client = clients.findById(consent.getRegisteredClientId());
    String reason = "client " + (client == null ? consent.getRegisteredClientId() : client.getClientId()) + ": "
        + String.join(" ", new TreeSet<>(consent.getScopes()));
    return audit.entry(consent.getPrincipalName(), action, AuditEntry.SUCCESS, reason,
        patient == null ? List.of() : List.of(patient));
  }
}
