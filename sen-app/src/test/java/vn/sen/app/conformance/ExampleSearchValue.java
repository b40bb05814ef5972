package vn.sen.app.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * Picks, for an example resource, one value the server must have indexed: the first search parameter
 * (by kind: token, string, date, reference, uri; then by name) whose FHIRPath expression, as HAPI FHIR
 * defines it for R4 and evaluates it independently of Sen, yields a value a client could type into a
 * search. The query it builds is one the resource must match per https://hl7.org/fhir/R4/search.html.
 */
final class ExampleSearchValue {
  private static final List<RestSearchParameterTypeEnum> KINDS = List.of(
      RestSearchParameterTypeEnum.TOKEN, RestSearchParameterTypeEnum.STRING, RestSearchParameterTypeEnum.DATE,
      RestSearchParameterTypeEnum.REFERENCE, RestSearchParameterTypeEnum.URI);
  private static final int STRING_PREFIX = 40;

  /** {@code name=value}, unencoded, as the query to run; {@code kind} for the report. */
  record Pick(String name, String value, RestSearchParameterTypeEnum kind) {
    String query() {
      return FhirHttp.enc(name) + "=" + FhirHttp.enc(value);
    }

    @Override
    public String toString() {
      return name + "=" + value;
    }
  }

  private final FhirContext context;
  private final IFhirPath fhirPath;

  ExampleSearchValue(FhirContext context) {
    this.context = context;
    this.fhirPath = context.newFhirPath();
  }

  Optional<Pick> pick(Resource resource) {
    List<RuntimeSearchParam> params = new ArrayList<>(context.getResourceDefinition(resource).getSearchParams());
    params.removeIf(p -> p.getName().startsWith("_") || !KINDS.contains(p.getParamType())
        || p.getPath() == null || p.getPath().isBlank());
    params.sort(Comparator.<RuntimeSearchParam>comparingInt(p -> KINDS.indexOf(p.getParamType()))
        .thenComparing(RuntimeSearchParam::getName));
    for (RuntimeSearchParam param : params) {
      List<IBase> values;
      try {
        values = fhirPath.evaluate(resource, param.getPath(), IBase.class);
      } catch (RuntimeException e) {
        // Expressions HAPI cannot evaluate without a server (resolve(), extension look-ups) are skipped.
        continue;
      }
      for (IBase value : values) {
        Optional<String> text = switch (param.getParamType()) {
          case TOKEN -> token(value);
          case STRING -> string(value);
          case DATE -> date(value);
          case REFERENCE -> reference(value);
          case URI -> uri(value);
          default -> Optional.empty();
        };
        if (text.isPresent()) {
          return Optional.of(new Pick(param.getName(), text.get(), param.getParamType()));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> token(IBase value) {
    return switch (value) {
      case Coding c when c.hasCode() -> Optional.of(systemAndCode(c.getSystem(), c.getCode()));
      case CodeableConcept cc -> cc.getCoding().stream().filter(Coding::hasCode).findFirst()
          .map(c -> systemAndCode(c.getSystem(), c.getCode()));
      case Identifier id when id.hasValue() -> Optional.of(systemAndCode(id.getSystem(), id.getValue()));
      case ContactPoint cp when cp.hasValue() -> Optional.of(escape(cp.getValue()));
      case Enumeration<?> e when e.hasValue() -> Optional.of(escape(e.getValueAsString()));
      case BooleanType b when b.hasValue() -> Optional.of(b.getValueAsString());
      case PrimitiveType<?> p when p.hasValue() && !(p instanceof DateTimeType) && !(p instanceof DateType) ->
          Optional.of(escape(p.getValueAsString()));
      default -> Optional.empty();
    };
  }

  private static String systemAndCode(String system, String code) {
    return system == null ? escape(code) : escape(system) + "|" + escape(code);
  }

  /** Search-value escaping: https://hl7.org/fhir/R4/search.html#escaping. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("$", "\\$").replace("|", "\\|");
  }

  private static Optional<String> string(IBase value) {
    String text = switch (value) {
      case StringType s -> s.getValue();
      case HumanName n -> n.hasFamily() ? n.getFamily() : n.hasGiven() ? n.getGiven().get(0).getValue() : n.getText();
      case Address a -> a.hasCity() ? a.getCity() : a.hasLine() ? a.getLine().get(0).getValue()
          : a.hasCountry() ? a.getCountry() : a.getText();
      case PrimitiveType<?> p -> p.getValueAsString();
      default -> null;
    };
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String prefix = text.strip();
    if (prefix.length() > STRING_PREFIX) {
      prefix = prefix.substring(0, STRING_PREFIX);
    }
    return Optional.of(escape(prefix));
  }

  private static Optional<String> date(IBase value) {
    return switch (value) {
      case DateType d when d.hasValue() -> Optional.of(d.getValueAsString());
      case DateTimeType d when d.hasValue() -> Optional.of(d.getValueAsString());
      case InstantType d when d.hasValue() -> Optional.of(d.getValueAsString());
      // ge: the range above the value intersects the period (search.html#prefix).
      case Period p when p.hasStart() -> Optional.of("ge" + p.getStartElement().getValueAsString());
      case Period p when p.hasEnd() -> Optional.of("le" + p.getEndElement().getValueAsString());
      default -> Optional.empty();
    };
  }

  private static Optional<String> reference(IBase value) {
    if (value instanceof Reference r && r.hasReference()) {
      String ref = r.getReference();
      // Relative Type/id only: contained (#x), absolute, urn: and versioned references are other tests.
      if (ref.matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) {
        return Optional.of(ref);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> uri(IBase value) {
    if (value instanceof UriType u && u.hasValue() && !u.getValue().contains("|")) {
      return Optional.of(escape(u.getValue()));
    }
    return Optional.empty();
  }
}
