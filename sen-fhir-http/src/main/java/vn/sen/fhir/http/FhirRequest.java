package vn.sen.fhir.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * One HTTP request as the FHIR interactions see it: path segments, query parameters in their order,
 * negotiated response format, {@code Prefer} and a size-limited body.
 */
final class FhirRequest {

  /** What {@code Prefer: return=} asks for (https://hl7.org/fhir/R4/http.html#ops). */
  enum Return {
    MINIMAL,
    REPRESENTATION,
    OPERATION_OUTCOME
  }

  private final HttpServletRequest raw;
  private final List<String> path;
  private @Nullable List<Map.Entry<String, String>> params;
  private @Nullable Format format;
  private final String baseUrl;
  private final long maxBodyBytes;
  private byte @Nullable [] body;

  FhirRequest(HttpServletRequest raw, FhirHttpSettings settings) {
    this.raw = raw;
    this.maxBodyBytes = settings.maxPayloadBytes();
    this.path = segments(raw.getPathInfo());
    this.baseUrl = settings.publicBaseUrl() != null ? settings.publicBaseUrl() : derivedBase(raw);
  }

  String method() {
    return raw.getMethod().toUpperCase(Locale.ROOT);
  }

  List<String> path() {
    return path;
  }

  /**
   * Query-string parameters, decoded, in request order. Malformed encoding fails the first call; later
   * calls (while the error is reported) see no parameters.
   */
  List<Map.Entry<String, String>> params() {
    if (params == null) {
      params = List.of();
      params = parseQuery(raw.getQueryString());
    }
    return params;
  }

  /** The first value of a query parameter. */
  @Nullable String param(String name) {
    for (Map.Entry<String, String> p : params()) {
      if (p.getKey().equals(name)) {
        return p.getValue();
      }
    }
    return null;
  }

  boolean hasQuery() {
    return raw.getQueryString() != null && !raw.getQueryString().isBlank();
  }

  /** The raw query string (still encoded), for conditional operations. */
  String rawQuery() {
    return raw.getQueryString() == null ? "" : raw.getQueryString();
  }

  /**
   * The response format from {@code _format} or Accept. An unsupported {@code _format} fails the first
   * call; later calls (while the error is reported) get JSON.
   */
  Format format() {
    if (format == null) {
      format = Format.JSON;
      format = negotiate(param("_format"), raw.getHeader("Accept"));
    }
    return format;
  }

  boolean pretty() {
    return "true".equals(param("_pretty"));
  }

  String baseUrl() {
    return baseUrl;
  }

  @Nullable String header(String name) {
    return raw.getHeader(name);
  }

  Return preferredReturn() {
    String value = preferToken("return");
    if (value == null) {
      return Return.REPRESENTATION;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "minimal" -> Return.MINIMAL;
      case "operationoutcome" -> Return.OPERATION_OUTCOME;
      default -> Return.REPRESENTATION;
    };
  }

  /** {@code Prefer: handling=strict|lenient}, or the default when absent. */
  boolean strictHandling(boolean byDefault) {
    String value = preferToken("handling");
    return value == null ? byDefault : value.equalsIgnoreCase("strict");
  }

  private @Nullable String preferToken(String name) {
    var headers = raw.getHeaders("Prefer");
    while (headers != null && headers.hasMoreElements()) {
      for (String part : headers.nextElement().split("[,;]")) {
        String token = part.trim();
        int eq = token.indexOf('=');
        if (eq > 0 && token.substring(0, eq).trim().equalsIgnoreCase(name)) {
          return token.substring(eq + 1).trim().replace("\"", "");
        }
      }
    }
    return null;
  }

  /** The base media type of the body, lower case, or null when none was sent. */
  @Nullable String contentType() {
    String type = raw.getContentType();
    return type == null || type.isBlank() ? null : Format.baseType(type);
  }

  /**
   * The format of a resource body: from Content-Type, or sniffed from the first character when the
   * client sent none. Other media types get 415.
   */
  Format bodyFormat() {
    String type = contentType();
    if (type == null) {
      byte[] bytes = body();
      for (byte b : bytes) {
        if (b == '<') {
          return Format.XML;
        }
        if (!Character.isWhitespace(b)) {
          return Format.JSON;
        }
      }
      return Format.JSON;
    }
    return Format.fromMediaType(type)
        .orElseThrow(() -> new FhirException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type " + type + " is not supported here; use application/fhir+json or application/fhir+xml"));
  }

  /** The body, read once, refused when it exceeds the limit (by Content-Length or by counting). */
  byte[] body() {
    if (body != null) {
      return body;
    }
    long declared = raw.getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    try (InputStream in = raw.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        total += n;
        if (total > maxBodyBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
      body = out.toByteArray();
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body, which must not be empty. */
  byte[] requiredBody() {
    byte[] bytes = body();
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return bytes;
      }
    }
    throw FhirException.invalid("The request body is empty; this interaction needs a resource");
  }

  private FhirException tooLarge() {
    return new FhirException(ErrorCode.PAYLOAD_TOO_LARGE,
        "The request body exceeds the limit of " + maxBodyBytes + " bytes");
  }

  /** A version from {@code If-Match: W/"3"} (or {@code "3"}), null when absent. */
  @Nullable Long ifMatchVersion() {
    String value = header("If-Match");
    return value == null ? null : parseEtag(value, "If-Match");
  }

  static @Nullable Long parseEtag(@Nullable String value, String where) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    v = v.replace("\"", "");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw FhirException.invalid(where + " must be a version ETag such as W/\"3\"");
    }
  }

  private static Format negotiate(@Nullable String formatParam, @Nullable String accept) {
    if (formatParam != null) {
      return Format.fromMediaType(formatParam)
          .orElseThrow(() -> new FhirException(ErrorCode.NOT_ACCEPTABLE,
              "_format must be json, xml or a FHIR JSON/XML media type"));
    }
    Format best = Format.JSON;
    double bestQuality = 0;
    if (accept != null) {
      for (String candidate : accept.split(",")) {
        Optional<Format> f = Format.fromMediaType(candidate);
        double quality = quality(candidate);
        if (f.isPresent() && quality > bestQuality) {
          best = f.get();
          bestQuality = quality;
        }
      }
    }
    return best;
  }

  /** The {@code q} of one Accept element (1 when absent, 0 when unreadable). */
  private static double quality(String mediaRange) {
    for (String param : mediaRange.split(";")) {
      String p = param.trim();
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  private static List<String> segments(@Nullable String pathInfo) {
    List<String> result = new ArrayList<>();
    if (pathInfo != null) {
      for (String s : pathInfo.split("/")) {
        if (!s.isEmpty()) {
          result.add(s);
        }
      }
    }
    return List.copyOf(result);
  }

  /** Decodes {@code a=1&b=2} keeping order and repeated names; malformed escapes get 400. */
  static List<Map.Entry<String, String>> parseQuery(@Nullable String query) {
    List<Map.Entry<String, String>> result = new ArrayList<>();
    if (query == null || query.isEmpty()) {
      return result;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      result.add(Map.entry(decode(name), decode(value)));
    }
    return result;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw FhirException.invalid("Malformed percent-encoding in the query string");
    }
  }

  private static String derivedBase(HttpServletRequest raw) {
    StringBuilder sb = new StringBuilder();
    sb.append(raw.getScheme()).append("://").append(raw.getServerName());
    int port = raw.getServerPort();
    boolean defaultPort = ("http".equals(raw.getScheme()) && port == 80)
        || ("https".equals(raw.getScheme()) && port == 443);
    if (!defaultPort && port > 0) {
      sb.append(':').append(port);
    }
    sb.append(raw.getContextPath()).append(raw.getServletPath());
    return sb.toString();
  }
}
