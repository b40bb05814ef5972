package vn.sen.app.companion.risk;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.http.FhirOperation;

/**
 * {@code POST Patient/{id}/$risk}: recomputes the patient's non-adherence RiskAssessments now (optional
 * {@code asOf} date, default today in Vietnam) and returns them as a collection Bundle, one per medicine
 * class; a patient without recent companion doses gets an empty Bundle.
 */
final class RiskOperation implements FhirOperation {
  private final RiskService service;

  RiskOperation(RiskService service) {
    this.service = service;
  }

  @Override
  public String name() {
    return "risk";
  }

  @Override
  public String resourceType() {
    return "Patient";
  }

  @Override
  public String definition() {
    return "https://sen.health.vn/fhir/OperationDefinition/Patient-risk";
  }

  @Override
  public boolean affectsState() {
    return true;
  }

  @Override
  public Resource invoke(String id, Parameters input) {
    LocalDate asOf = asOf(input);
    List<RiskAssessment> assessments = service.refresh(id, asOf);
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setTotal(assessments.size());
    for (RiskAssessment ra : assessments) {
      bundle.addEntry().setFullUrl("RiskAssessment/" + ra.getIdPart()).setResource(ra);
    }
    return bundle;
  }

  private LocalDate asOf(Parameters input) {
    Parameters.ParametersParameterComponent p = input.getParameter("asOf");
    if (p == null || p.getValue() == null) {
      return service.today();
    }
    String text = String.valueOf(p.getValue().primitiveValue());
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "asOf must be a date (YYYY-MM-DD), was '"
          + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'", "Parameters.parameter");
    }
  }
}
