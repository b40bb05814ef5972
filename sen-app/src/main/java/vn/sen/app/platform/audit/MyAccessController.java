package vn.sen.app.platform.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.sen.app.platform.policy.AccessSubject;
import vn.sen.app.platform.policy.PolicyEnforcingRepository;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;

/**
 * "Who looked at my record" for a patient signed in to the pages ({@code GET /me/access}): the accesses to
 * their record, newest first, 50 a page — when, who (user, roles, organisation), what, the outcome and the
 * reason given (a break-glass reason, say). It is the same search as {@code AuditEvent?patient=} with the
 * patient's own token, through the policy (a patient sees only their own record, masked) and itself audited.
 * Other users are told the page is for patients; auditors use the FHIR API.
 */
@Controller
class MyAccessController {
  static final int PAGE = 50;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(ZoneId.of("Asia/Ho_Chi_Minh"));

  private final PolicyEnforcingRepository records;
  private final Supplier<Optional<AccessSubject>> subjects;
  private final FhirContext fhir;
  private final MessageSource messages;

  MyAccessController(PolicyEnforcingRepository records,
      Supplier<Optional<AccessSubject>> subjects, FhirContext fhir,
      MessageSource messages) {
    this.records = records;
    this.subjects = subjects;
    this.fhir = fhir;
    this.messages = messages;
  }

  /** One access as the page shows it. */
  record Row(String when, String who, String roles, String organization, String what, boolean denied,
      boolean emergency, String reason) {}

  @GetMapping("/me/access")
  String access(@RequestParam(name = "page", defaultValue = "0") String pageParam, Locale locale, Model model) {
    int page = pageNumber(pageParam);
    AccessSubject subject = subjects.get().orElse(null);
    boolean patient = subject != null && subject.roles().contains("patient") && subject.patient() != null;
    model.addAttribute("patient", patient);
    model.addAttribute("page", page);
    if (!patient) {
      model.addAttribute("rows", List.of());
      model.addAttribute("more", false);
      return "me/access";
    }
    SearchResult result = records.search(SearchQuery.of("AuditEvent", List.of()).withPage(PAGE, page * PAGE));
    IParser parser = fhir.newJsonParser();
    List<Row> rows = new ArrayList<>();
    for (SearchMatch m : result.entries()) {
      rows.add(row(parser.parseResource(AuditEvent.class, new String(m.resource().json(), StandardCharsets.UTF_8)),
          locale));
    }
    model.addAttribute("rows", rows);
    model.addAttribute("more", result.hasNext());
    return "me/access";
  }

  private static int pageNumber(String value) {
    try {
      int page = Integer.parseInt(value.strip());
      return page < 0 || page > 10_000 ? 0 : page;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Row row(AuditEvent event, Locale locale) {
    String who = "";
    List<String> roles = new ArrayList<>();
    String organization = "";
    String reason = "";
    for (AuditEventAgentComponent agent : event.getAgent()) {
      if (agent.getRequestor()) {
        who = agent.getWho().getIdentifier().getValue() != null ? agent.getWho().getIdentifier().getValue() : "";
        agent.getRole().forEach(r -> roles.add(role(r.getText(), locale)));
        if (!agent.getPurposeOfUse().isEmpty()) {
          reason = agent.getPurposeOfUseFirstRep().getText() == null ? "" : agent.getPurposeOfUseFirstRep().getText();
        }
      } else if (agent.getRole().stream().map(CodeableConcept::getText).anyMatch("organization"::equals)) {
        organization = agent.getWho().getReference() == null ? "" : agent.getWho().getReference();
      }
    }
    boolean emergency = "110113".equals(event.getType().getCode());
    boolean denied = event.getOutcome() != null && event.getOutcome() != AuditEvent.AuditEventOutcome._0;
    return new Row(WHEN.format(event.getRecorded().toInstant()), who, String.join(", ", roles), organization,
        what(event, locale), denied, emergency, reason);
  }

  /** The kind of access in words: break-glass, sign-in, app consent, or the FHIR interaction. */
  private String what(AuditEvent event, Locale locale) {
    String type = event.getType().getCode();
    String key = switch (type == null ? "" : type) {
      case "110113" -> "emergency";
      case "110137" -> event.getSubtype().stream().anyMatch(c -> "app-consent-withdrawn".equals(c.getCode()))
          ? "app-withdrawn" : "app";
      case "110106" -> "export";
      default -> event.getSubtype().stream().map(Coding::getCode).filter(Objects::nonNull).findFirst()
          .orElse("other");
    };
    return messages.getMessage("me.access.what." + key, null, messages.getMessage("me.access.what.other", null,
        locale), locale);
  }

  private String role(String code, Locale locale) {
    return messages.getMessage("role." + code, null, code, locale);
  }
}
