package vn.sen.app.platform.policy;

/** Code systems and extensions Sen defines for access control (documented in docs/security.md). */
public final class SenCodes {
  /** Consent policies: {@code local-only}, {@code restrict-category}, {@code caregiver}. */
  public static final String CONSENT_POLICY = "https://sen.health.vn/fhir/CodeSystem/consent-policy";
  /** The care team worklist's codes (the companion's code system; WorklistCodes in the worklist module). */
  public static final String WORKLIST = "https://sen.health.vn/fhir/CodeSystem/companion";
  /** Access events: {@code break-glass}. */
  public static final String ACCESS = "https://sen.health.vn/fhir/CodeSystem/access";
  /** On Consent.provision: a role code allowed to see the labelled categories. */
  public static final String ALLOWED_ROLE = "https://sen.health.vn/fhir/StructureDefinition/allowed-role";
  /** HL7 v3 ActCode: sensitivity categories (HIV, PSY, SEX). */
  public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
  public static final String ATC = "http://www.whocc.no/atc";
  /** Căn cước công dân (citizen identity number, 12 digits): Vietnam's national identifier. */
  public static final String CITIZEN_ID = "http://fhir.ehealth.gov.vn/core/sid/citizen_id";
  /** Mã số bảo hiểm y tế (health insurance number). */
  public static final String INSURANCE_NUMBER = "http://fhir.ehealth.gov.vn/core/sid/insurance_number";

  private SenCodes() {}
}
