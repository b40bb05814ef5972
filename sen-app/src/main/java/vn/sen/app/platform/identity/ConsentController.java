package vn.sen.app.platform.identity;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What a user has granted apps registered with {@code --ask-consent}:
 * <ul>
 *   <li>the consent page ({@code GET /auth/consent}): Spring Authorization Server sends the signed-in user
 *       here when such an app asks for scopes the user has not yet granted it. The page says in words which
 *       access each scope gives; the user's choice is posted back to the authorization endpoint, which grants
 *       the ticked scopes (and remembers them, so the next sign-in does not ask again) or, with none, answers
 *       the app {@code access_denied}. {@code openid} needs no consent;
 *   <li>the apps page ({@code GET /auth/apps}): the apps the user has granted access, with what each may do,
 *       and a button to withdraw it ({@code POST /auth/apps/withdraw}): the grant is forgotten and the app's
 *       authorizations for this user (codes, refresh tokens) are deleted, so it must ask again; access tokens
 *       it holds run out within their lifetime ({@code sen.identity.access-token-ttl}, 15 minutes by default).
 * </ul>
 * Grants and withdrawals are audited ({@link AuditedConsents}).
 */
@Controller
public class ConsentController {
  static final String CONSENT = "/auth/consent";
  static final String APPS = "/auth/apps";

  private final RegisteredClientRepository clients;
  private final AuditedConsents consents;
  private final MessageSource messages;

  ConsentController(RegisteredClientRepository clients, AuditedConsents consents, MessageSource messages) {
    this.clients = clients;
    this.consents = consents;
    this.messages = messages;
  }

  /** A scope a page shows: its name and what it gives, in the page's language. */
  public record AskedScope(String scope, String description) {}

  /** An app the user has granted access, and what it may do. */
  public record GrantedApp(String clientId, String clientName, List<AskedScope> scopes) {}

  @GetMapping(APPS)
  public String apps(@RequestParam(required = false) @Nullable String withdrawn, Principal principal,
      Locale locale, Model model) {
    List<GrantedApp> apps = new ArrayList<>();
    for (String registeredId : consents.grantedBy(principal.getName())) {
      RegisteredClient client = clients.findById(registeredId);
      OAuth2AuthorizationConsent consent = consents.findById(registeredId, principal.getName());
      if (client == null || consent == null) {
        continue;
      }
      List<AskedScope> scopes = new ArrayList<>();
      for (String scope : consent.getScopes()) {
        if (!scope.equals(OidcScopes.OPENID)) {
          scopes.add(new AskedScope(scope, describe(scope, locale)));
        }
      }
      apps.add(new GrantedApp(client.getClientId(), client.getClientName(), scopes));
    }
    model.addAttribute("apps", apps);
    // the notice names only a registered app, never text from the address
    RegisteredClient gone = withdrawn == null ? null : clients.findByClientId(withdrawn);
    model.addAttribute("withdrawn", gone == null ? null : gone.getClientName());
    model.addAttribute("user", principal.getName());
    return "auth/apps";
  }

  /** Withdraws what the user granted {@code client}: the grant, and the app's authorizations for the user. */
  @PostMapping(APPS + "/withdraw")
  public String withdraw(@RequestParam(required = false) @Nullable String client, Principal principal) {
    RegisteredClient app = client == null ? null : clients.findByClientId(client);
    OAuth2AuthorizationConsent consent = app == null ? null : consents.findById(app.getId(), principal.getName());
    if (consent == null) {
      return "redirect:" + APPS;
    }
    consents.withdraw(consent);
    return "redirect:" + APPS + "?withdrawn=" + URLEncoder.encode(app.getClientId(), StandardCharsets.UTF_8);
  }

  @GetMapping(CONSENT)
  public String consent(@RequestParam(name = "client_id", required = false) @Nullable String clientId,
      @RequestParam(required = false) @Nullable String scope, @RequestParam(required = false) @Nullable String state,
      Principal principal, Locale locale, Model model, HttpServletResponse response) {
    RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
    if (client == null || state == null || state.isBlank()) {
      // only the authorization endpoint sends users here, with all three
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("invalid", true);
      return "auth/consent";
    }
    Set<String> granted = new LinkedHashSet<>();
    OAuth2AuthorizationConsent previous = consents.findById(client.getId(), principal.getName());
    if (previous != null) {
      granted.addAll(previous.getScopes());
    }
    List<AskedScope> asked = new ArrayList<>();
    List<AskedScope> kept = new ArrayList<>();
    for (String s : new LinkedHashSet<>(List.of((scope == null ? "" : scope).trim().split("\\s+")))) {
      if (s.isEmpty() || s.equals(OidcScopes.OPENID) || !client.getScopes().contains(s)) {
        continue;
      }
      (granted.contains(s) ? kept : asked).add(new AskedScope(s, describe(s, locale)));
    }
    model.addAttribute("invalid", false);
    model.addAttribute("clientId", client.getClientId());
    model.addAttribute("clientName", client.getClientName());
    model.addAttribute("state", state);
    model.addAttribute("asked", asked);
    model.addAttribute("kept", kept);
    model.addAttribute("user", principal.getName());
    return "auth/consent";
  }

  /** What {@code scope} gives, in words: SMART clinical scopes by their parts, the others by name. */
  String describe(String scope, Locale locale) {
    SmartScopes.Clinical clinical = SmartScopes.clinical(scope).orElse(null);
    if (clinical != null) {
      List<String> verbs = new ArrayList<>();
      for (char c : clinical.interactions().toCharArray()) {
        verbs.add(text("auth.consent.verb." + c, locale));
      }
      String what = clinical.type().equals("*") ? text("auth.consent.what.all", locale)
          : messages.getMessage("auth.consent.what.type", new Object[] {clinical.type()}, locale);
      String said = messages.getMessage("auth.consent.clinical." + clinical.context(),
          new Object[] {String.join(", ", verbs), what}, locale);
      return said.substring(0, 1).toUpperCase(locale) + said.substring(1);
    }
    String key = "auth.consent.scope." + scope.replace('/', '.');
    return messages.getMessage(key, null, scope, locale);
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, locale);
  }
}
