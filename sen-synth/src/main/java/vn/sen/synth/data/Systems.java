package vn.sen.synth.data;

/**
 * Code and identifier systems the generator writes. Identifier systems follow the VN Core IG
 * NamingSystems (shared/data/vn-core-ig); where the IG has none, a Sen URI is used and documented.
 */
public final class Systems {
  public static final String CITIZEN_ID = "http://fhir.ehealth.gov.vn/core/sid/citizen_id";
  public static final String INSURANCE = "http://fhir.ehealth.gov.vn/core/sid/insurance_number";
  public static final String PATIENT_INTERNAL = "http://fhir.ehealth.gov.vn/core/sid/patient-internal-id";
  /** The uniqueId the IG's sid-provider-code NamingSystem (facility code, MA_CSKCB) declares. */
  public static final String FACILITY_CODE =
      "http://fhir.ehealth.gov.vn/core/sid/provider-medical-license-number";
  /** No VN Core NamingSystem exists for practising certificates: a Sen URI. */
  public static final String PRACTISING_CERTIFICATE = "https://fhir.sen.vn/sid/practising-certificate";
  public static final String ETHNICITY_EXT = "http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-race";
  public static final String ETHNICITY_CS = "http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-race";
  public static final String OCCUPATION_EXT =
      "http://fhir.ehealth.gov.vn/core/StructureDefinition/extension-occupation";
  public static final String OCCUPATION_CS =
      "http://fhir.ehealth.gov.vn/core/CodeSystem/vn-core-occupation-4069";
  public static final String ADMIN_UNIT_CS = "https://fhir.sen.vn/CodeSystem/vn-admin-unit";
  public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
  public static final String SNOMED = "http://snomed.info/sct";
  public static final String LOINC = "http://loinc.org";
  public static final String UCUM = "http://unitsofmeasure.org";
  public static final String ATC = "http://www.whocc.no/atc";
  public static final String CVX = "http://hl7.org/fhir/sid/cvx";
  public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  public static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
  public static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
  public static final String CONDITION_CLINICAL =
      "http://terminology.hl7.org/CodeSystem/condition-clinical";
  public static final String CONDITION_VERIFICATION =
      "http://terminology.hl7.org/CodeSystem/condition-ver-status";
  public static final String CONDITION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/condition-category";
  public static final String ORG_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";
  public static final String PRACTITIONER_ROLE =
      "http://terminology.hl7.org/CodeSystem/practitioner-role";
  public static final String V3_ROLE_FAMILY = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
  /** Sen's own code system for synthetic-only markers (e.g. the generator tag). */
  public static final String SEN_TAG = "https://fhir.sen.vn/CodeSystem/synthetic";

  private Systems() {}
}
