package vn.sen.app.companion.web;

import java.time.Duration;
import java.util.Date;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UrlType;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.http.FhirOperation;

/**
 * {@code POST Patient/{id}/$companion-link}: a one-time link to the companion pages, and its QR code to
 * print, for the patient or (with {@code relatedPerson}) for a caregiver the patient has authorised.
 * Input: {@code relatedPerson} (Reference, optional), {@code validity} (Duration in min, h, d or wk;
 * default 7 days, at most 30). Output: {@code url} (url), {@code expires} (instant), {@code qr}
 * (Attachment, image/png).
 */
public final class CompanionLinkOperation implements FhirOperation {
  static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

  private final CompanionLinks links;
  private final @Nullable String publicBaseUrl;

  /** @param publicBaseUrl Sen's public base URL, if configured; else the URL of the request is used */
  CompanionLinkOperation(CompanionLinks links, @Nullable String publicBaseUrl) {
    this.links = links;
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  public String name() {
    return "companion-link";
  }

  @Override
  public String resourceType() {
    return "Patient";
  }

  @Override
  public String definition() {
    return "https://sen.health.vn/fhir/OperationDefinition/Patient-companion-link";
  }

  @Override
  public boolean affectsState() {
    return true;
  }

  @Override
  public Resource invoke(String id, Parameters input) {
    CompanionLinks.IssuedLink link = links.issue(id, relatedPerson(input), validity(input));
    String url = base() + link.path();
    Parameters out = new Parameters();
    out.addParameter().setName("url").setValue(new UrlType(url));
    out.addParameter().setName("expires").setValue(new InstantType(Date.from(link.expires())));
    out.addParameter().setName("qr").setValue(new Attachment().setContentType("image/png")
        .setData(CompanionQrCode.png(url)).setTitle("Sen — mã QR mở trang đồng hành / companion QR code"));
    return out;
  }

  private static @Nullable String relatedPerson(Parameters input) {
    Parameters.ParametersParameterComponent p = input.getParameter("relatedPerson");
    if (p == null || p.getValue() == null) {
      return null;
    }
    Type v = p.getValue();
    String ref = v instanceof Reference r ? r.getReference() : v instanceof StringType s ? s.getValue() : null;
    if (ref == null || !ref.matches("RelatedPerson/[A-Za-z0-9\\-.]{1,64}")) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "relatedPerson must be a reference RelatedPerson/{id}", "Parameters.parameter");
    }
    return ref.substring("RelatedPerson/".length());
  }

  private static Duration validity(Parameters input) {
    Parameters.ParametersParameterComponent p = input.getParameter("validity");
    if (p == null || p.getValue() == null) {
      return DEFAULT_VALIDITY;
    }
    if (!(p.getValue() instanceof org.hl7.fhir.r4.model.Quantity q) || q.getValue() == null || q.getCode() == null) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "validity must be a Duration with a value and a code (min, h, d or wk)", "Parameters.parameter");
    }
    long n = q.getValue().longValue();
    if (n <= 0 || n > 100_000) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "validity must be positive and at most 30 days",
          "Parameters.parameter");
    }
    return switch (q.getCode()) {
      case "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      case "wk" -> Duration.ofDays(7 * n);
      default -> throw new FhirException(ErrorCode.INVALID_REQUEST,
          "validity's code must be min, h, d or wk", "Parameters.parameter");
    };
  }

  private String base() {
    if (publicBaseUrl != null) {
      return publicBaseUrl;
    }
    try {
      return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    } catch (IllegalStateException e) {
      throw new FhirException(ErrorCode.INVALID_REQUEST,
          "Sen's public base URL is unknown: set SEN_BASE_URL", (String) null);
    }
  }
}
