package vn.sen.app.platform.identity;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;
import vn.sen.app.platform.policy.PolicyEnforcingRepository;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * The patient picker of a SMART standalone launch ({@link LaunchContext}): the signed-in user searches the
 * patients they may see (by name, or by an identifier such as the CCCD) through the policy edge — so the
 * search is theirs, limited and audited like any other — and picks one; the authorization request then
 * goes on with that patient as the app's context.
 */
@Controller
public class LaunchPatientController {
  private static final int SHOWN = 20;

  private final RegisteredClientRepository clients;
  private final PolicyEnforcingRepository edge;
  private final SearchQueryParser parser;
  private final FhirContext fhir;

  LaunchPatientController(RegisteredClientRepository clients, PolicyEnforcingRepository edge, SearchQueryParser parser,
      FhirContext fhir) {
    this.clients = clients;
    this.edge = edge;
    this.parser = parser;
    this.fhir = fhir;
  }

  /** A patient as the picker lists it. */
  public record Choice(String id, String name, String birthDate, String gender) {}

  @GetMapping(LaunchContext.PICKER)
  public String picker(@RequestParam(required = false) @Nullable String q, HttpServletRequest request, Model model,
      HttpServletResponse response) {
    String authorize = authorizeQuery(request);
    Optional<RegisteredClient> client = client(authorize);
    if (client.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("invalid", true);
      return "auth/launch-patient";
    }
    model.addAttribute("invalid", false);
    model.addAttribute("clientName", client.get().getClientName());
    model.addAttribute("authorize", authorize);
    model.addAttribute("q", q == null ? "" : q);
    List<Choice> choices = new ArrayList<>();
    if (q != null && !q.isBlank()) {
      String term = q.strip();
      // letters: a name; otherwise an identifier of any system (CCCD, insurance number…)
      String query = (term.chars().anyMatch(Character::isLetter) ? "name=" : "identifier=") + encode(term);
      for (SearchMatch m : edge.search(parser.parseConditional("Patient", query).withPage(SHOWN, 0)).entries()) {
        choices.add(choice(m.resource()));
      }
    }
    model.addAttribute("choices", choices);
    model.addAttribute("searched", q != null && !q.isBlank());
    return "auth/launch-patient";
  }

  /** Picks a patient the user may see for the app, then goes on with the authorization request. */
  @PostMapping(LaunchContext.PICKER)
  public String pick(@RequestParam String patient, @RequestParam String authorize, HttpServletRequest request) {
    Optional<RegisteredClient> client = client(authorize);
    if (client.isEmpty() || edge.read("Patient", patient).isEmpty()) {
      // a patient the user may not see is refused by the edge (403); one that does not exist is no pick
      throw new FhirException(ErrorCode.NOT_FOUND, "No such patient");
    }
    LaunchContext.pick(request.getSession(), client.get().getClientId(), patient);
    return "redirect:/auth/authorize?" + authorize;
  }

  /** The authorization request's query, as the picker was sent it (without the picker's own {@code q}). */
  private static String authorizeQuery(HttpServletRequest request) {
    String raw = request.getParameter("authorize");
    if (raw != null) {
      return raw;
    }
    UriComponentsBuilder query = UriComponentsBuilder.newInstance().query(request.getQueryString());
    query.replaceQueryParam("q");
    String built = query.build().getQuery();
    return built == null ? "" : built;
  }

  private Optional<RegisteredClient> client(String authorize) {
    String clientId = UriComponentsBuilder.newInstance().query(authorize).build().getQueryParams()
        .getFirst("client_id");
    RegisteredClient client = clientId == null ? null : clients.findByClientId(clientId);
    return Optional.ofNullable(client).filter(c -> c.getScopes().contains(LaunchContext.SCOPE));
  }

  private Choice choice(StoredResource r) {
    Patient p = fhir.newJsonParser().parseResource(Patient.class,
        new String(r.json(), StandardCharsets.UTF_8));
    String name = p.hasName() ? p.getNameFirstRep().getNameAsSingleString() : r.id();
    return new Choice(r.id(), name, p.hasBirthDate() ? p.getBirthDateElement().getValueAsString() : "",
        p.hasGender() ? p.getGender().toCode() : "");
  }

  /** A search the edge refuses or a patient the user may not see: the page says so, with the status. */
  @ExceptionHandler(FhirException.class)
  ModelAndView failed(FhirException e) {
    ModelAndView page = new ModelAndView("auth/launch-patient");
    page.addObject("invalid", true);
    page.setStatus(HttpStatus.valueOf(e.code().status()));
    return page;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
