package vn.sen.fhir.core;

import java.util.regex.Pattern;

/** A resource's logical identity: type and id, e.g. {@code Patient/123}. */
public record ResourceKey(String type, String id) {
  /** FHIR id: 1–64 of A-Z a-z 0-9 - . (https://hl7.org/fhir/R4/datatypes.html#id). */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  public static boolean isValidId(String id) {
    return ID.matcher(id).matches();
  }

  @Override
  public String toString() {
    return type + "/" + id;
  }
}
