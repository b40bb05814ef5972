package vn.sen.app.companion.adherence;

import java.time.Instant;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.http.FhirOperation;

/**
 * {@code POST Patient/{id}/$adherence}: computes the patient's adherence measures from the current
 * record, stores them as Observations (replacing the previous ones) and returns them as a collection
 * Bundle. Parameters, both optional: {@code asOf} (dateTime; now by default) and {@code persist}
 * (boolean; {@code false} computes without writing anything). POST only: the operation SPI has one
 * {@code affectsState} per operation, and this one writes; the stored measures are read with an ordinary
 * search, {@code GET Observation?subject=Patient/{id}&code=https://sen.health.vn/fhir/CodeSystem/companion|pdc}.
 */
public final class AdherenceOperation implements FhirOperation {
  private final AdherenceMeasures measures;

  public AdherenceOperation(AdherenceMeasures measures) {
    this.measures = measures;
  }

  @Override
  public String name() {
    return "adherence";
  }

  @Override
  public String resourceType() {
    return "Patient";
  }

  @Override
  public String definition() {
    return "https://sen.health.vn/fhir/OperationDefinition/Patient-adherence";
  }

  @Override
  public boolean affectsState() {
    return true;
  }

  @Override
  public Resource invoke(String id, Parameters input) {
    return measures.measure(id, asOf(input), persist(input));
  }

  private static @Nullable Instant asOf(Parameters input) {
    Parameters.ParametersParameterComponent p = input.getParameter("asOf");
    if (p == null || p.getValue() == null) {
      return null;
    }
    String text = p.getValue().primitiveValue();
    try {
      org.hl7.fhir.r4.model.DateTimeType t = new org.hl7.fhir.r4.model.DateTimeType(text);
      if (t.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()) {
        throw new IllegalArgumentException("no day");
      }
      return t.getValue().toInstant();
    } catch (IllegalArgumentException | ca.uhn.fhir.parser.DataFormatException e) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "asOf must be a FHIR dateTime with at least a day",
          "Parameters.parameter.where(name='asOf')");
    }
  }

  private static boolean persist(Parameters input) {
    Parameters.ParametersParameterComponent p = input.getParameter("persist");
    if (p == null || p.getValue() == null) {
      return true;
    }
    String v = p.getValue().primitiveValue();
    if (!"true".equals(v) && !"false".equals(v)) {
      throw new FhirException(ErrorCode.INVALID_REQUEST, "persist must be true or false",
          "Parameters.parameter.where(name='persist')");
    }
    return Boolean.parseBoolean(v);
  }
}
