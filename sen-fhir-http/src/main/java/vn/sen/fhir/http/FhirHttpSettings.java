package vn.sen.fhir.http;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the FHIR REST adapter.
 *
 * @param maxPayloadBytes largest request body accepted; larger ones get 413
 * @param publicBaseUrl the base URL clients see (e.g. {@code https://sen.example.vn/fhir}), used in
 *     Location headers, fullUrls and paging links; when null it is derived from each request
 * @param strictByDefault whether searches refuse unknown parameters when the client sends no
 *     {@code Prefer: handling=...} (FHIR's default is lenient)
 */
public record FhirHttpSettings(long maxPayloadBytes, @Nullable String publicBaseUrl, boolean strictByDefault) {
  public static final long DEFAULT_MAX_PAYLOAD_BYTES = 20L * 1024 * 1024;

  public FhirHttpSettings {
    if (maxPayloadBytes <= 0) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive");
    }
    if (publicBaseUrl != null) {
      publicBaseUrl = publicBaseUrl.endsWith("/")
          ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
          : publicBaseUrl;
    }
  }

  /** 20 MB bodies, base URL from the request, lenient searches. */
  public static FhirHttpSettings defaults() {
    return new FhirHttpSettings(DEFAULT_MAX_PAYLOAD_BYTES, null, false);
  }
}
