package vn.sen.fhir.http;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The two resource formats of the REST API and the media types that name them. */
enum Format {
  JSON("application/fhir+json"),
  XML("application/fhir+xml");

  private final String mediaType;

  Format(String mediaType) {
    this.mediaType = mediaType;
  }

  String contentType() {
    return mediaType + ";charset=utf-8";
  }

  /**
   * The format a {@code _format} value or media type names: the FHIR and plain JSON/XML types and the
   * short forms {@code json}/{@code xml}; empty for anything else.
   */
  static Optional<Format> fromMediaType(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String type = baseType(value);
    return switch (type) {
      case "json", "application/fhir+json", "application/json", "application/json+fhir" ->
          Optional.of(JSON);
      case "xml", "application/fhir+xml", "application/xml", "text/xml", "application/xml+fhir" ->
          Optional.of(XML);
      default -> Optional.empty();
    };
  }

  /** The media type without parameters, lower case. */
  static String baseType(String value) {
    int semicolon = value.indexOf(';');
    String type = semicolon < 0 ? value : value.substring(0, semicolon);
    // An unencoded "+" in "_format=application/fhir+json" arrives as a space after query decoding.
    return type.trim().replace(' ', '+').toLowerCase(Locale.ROOT);
  }
}
