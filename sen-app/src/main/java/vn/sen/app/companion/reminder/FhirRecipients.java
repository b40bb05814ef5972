package vn.sen.app.companion.reminder;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.CompanionStore;

/**
 * Recipients read from the record: language from {@code communication} (the preferred one, else the
 * first; English when it is {@code en…}, otherwise Vietnamese), address from {@code telecom} (an SMS
 * or mobile phone first, then any phone).
 */
final class FhirRecipients implements Recipients {
  private final CompanionStore fhir;

  FhirRecipients(CompanionStore fhir) {
    this.fhir = fhir;
  }

  @Override
  public Map<String, Recipient> lookup(Collection<String> references) {
    Map<String, Recipient> found = new HashMap<>();
    for (String reference : references) {
      int slash = reference.indexOf('/');
      String type = slash < 0 ? "" : reference.substring(0, slash);
      String id = reference.substring(slash + 1);
      switch (type) {
        case "Patient" -> fhir.read(Patient.class, id).ifPresent(p -> found.put(reference, new Recipient(
            language(p.getCommunication().stream().map(c -> new Spoken(c.getPreferred(), c.getLanguage())).toList()),
            phone(p.getTelecom()))));
        case "RelatedPerson" -> fhir.read(RelatedPerson.class, id).ifPresent(r -> found.put(reference,
            new Recipient(language(r.getCommunication().stream()
                .map(c -> new Spoken(c.getPreferred(), c.getLanguage())).toList()), phone(r.getTelecom()))));
        default -> {
          // not a recipient reminders know
        }
      }
    }
    return found;
  }

  /** One entry of {@code communication}. */
  private record Spoken(boolean preferred, CodeableConcept language) {}

  private static String language(List<Spoken> spoken) {
    if (spoken.isEmpty()) {
      return "vi";
    }
    CodeableConcept first = spoken.stream().filter(Spoken::preferred).findFirst().orElse(spoken.get(0)).language();
    String code = first.getCodingFirstRep().getCode();
    if (code == null) {
      code = first.getText();
    }
    return code != null && code.toLowerCase(java.util.Locale.ROOT).startsWith("en") ? "en" : "vi";
  }

  private static @Nullable String phone(List<ContactPoint> telecom) {
    String anyPhone = null;
    for (ContactPoint point : telecom) {
      if (!point.hasValue() || (point.hasPeriod() && point.getPeriod().hasEnd())) {
        continue;
      }
      if (point.getSystem() == ContactPoint.ContactPointSystem.SMS
          || (point.getSystem() == ContactPoint.ContactPointSystem.PHONE
              && point.getUse() == ContactPoint.ContactPointUse.MOBILE)) {
        return point.getValue();
      }
      if (point.getSystem() == ContactPoint.ContactPointSystem.PHONE && anyPhone == null) {
        anyPhone = point.getValue();
      }
    }
    return anyPhone;
  }
}
