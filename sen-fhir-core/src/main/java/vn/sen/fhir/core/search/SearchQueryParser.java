package vn.sen.fhir.core.search;

import static vn.sen.fhir.core.search.SearchArgParser.invalid;
import static vn.sen.fhir.core.search.SearchArgParser.shown;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.ResourceKey;

/**
 * Parses search parameters into a {@link SearchQuery}, following
 * <a href="https://hl7.org/fhir/R4/search.html">FHIR R4 search</a>: control parameters ({@code _count},
 * {@code _offset}, {@code _sort}, {@code _total}, {@code _include}, {@code _revinclude},
 * {@code _summary=count}, {@code _type}), then criteria with modifiers, prefixes, escapes, chains and
 * {@code _has}. Parameters the server does not understand are reported as warnings and left out, or
 * refused with a 400 when the client asked for strict handling. Every error is a {@link FhirException}
 * with {@link ErrorCode#INVALID_REQUEST} naming the parameter and value. Thread-safe.
 *
 * <p>What the store should know about the model it gets:
 * <ul>
 *   <li>A parameter of a system-level search, a {@code _sort} key included, exists on every type in
 *       scope; its {@link SearchParamDef} is that of the first type, and the other types match by code.
 *   <li>A chain without {@code :Type} over a reference with several targets has {@code targetType}
 *       null; the chained criterion's definitions come from the first target (alphabetical) that has
 *       the parameter, and the other targets match by code. With a single target it is named.
 *   <li>{@code _revinclude=*} has source type {@code *}: every resource referring to a match.
 *   <li>A number stands for the interval its significant figures imply: {@code 100} is [99.5, 100.5),
 *       {@code 1e2} is [50, 150) (the R4 table's [95, 105) contradicts its own "1 significant figure").
 *   <li>Dates without a zone are UTC; a date argument is the inclusive millisecond range of its precision.
 *   <li>A reference with a bare id and no {@code :Type} has type null; an absolute URL under a local base
 *       becomes {@code Type/id}; other absolute and canonical references ({@code url|version}) stay URLs.
 * </ul>
 */
public final class SearchQueryParser {
  /** Handled by the HTTP layer when it renders the Bundle; accepted here without a word. */
  private static final Set<String> PRESENTATION =
      Set.of("_elements", "_format", "_pretty", "_contained", "_containedType");
  private static final Set<String> PAGING = Set.of("_count", "_offset", "_total", "_sort");
  private static final Set<String> UNSUPPORTED = Set.of("_list", "_text", "_content", "_filter", "_query");

  private final SearchParameterRegistry registry;
  private final CriterionParser criteria;

  /**
   * @param registry every search parameter per type
   * @param localBaseUrls the server's own base URLs (e.g. {@code https://sen.example.vn/fhir}): an
   *     absolute reference under one of them is a local {@code Type/id}
   */
  public SearchQueryParser(SearchParameterRegistry registry, Set<String> localBaseUrls) {
    this.registry = registry;
    List<String> bases = new ArrayList<>();
    for (String base : localBaseUrls) {
      String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      if (!trimmed.isEmpty()) {
        bases.add(trimmed);
      }
    }
    this.criteria = new CriterionParser(registry, new SearchArgParser(registry, List.copyOf(bases)));
  }

  /**
   * Parses decoded {@code (name, value)} pairs in request order.
   *
   * @param resourceType the type searched, or null for a system-level search
   * @param strict refuse (400) rather than ignore unknown or unsupported parameters and modifiers
   * @throws FhirException {@code INVALID_REQUEST} for a malformed value, {@code UNKNOWN_RESOURCE_TYPE}
   *     when {@code resourceType} is not an R4 type
   */
  public ParsedSearch parse(
      @Nullable String resourceType, List<Map.Entry<String, String>> params, boolean strict) {
    if (resourceType != null && !registry.isResourceType(resourceType)) {
      throw new FhirException(ErrorCode.UNKNOWN_RESOURCE_TYPE,
          "Unknown resource type '" + shown(resourceType) + "'");
    }
    ParseOutcome out = new ParseOutcome(strict);
    Controls controls = new Controls(resourceType);
    // _type decides which parameters exist, so it is read first; all else in request order, so that
    // warnings come out in the order the client wrote the parameters.
    if (resourceType == null) {
      for (Map.Entry<String, String> param : params) {
        if ("_type".equals(param.getKey()) && param.getValue() != null) {
          types(controls, param.getValue());
        }
      }
    }
    SearchScope scope = new SearchScope(resourceType, controls.types());
    List<Criterion> found = new ArrayList<>();
    for (Map.Entry<String, String> param : params) {
      String name = param.getKey() == null ? "" : param.getKey();
      String value = param.getValue() == null ? "" : param.getValue();
      if (!control(controls, name, value, out)) {
        Criterion criterion = criteria.parse(scope, name, value, out);
        if (criterion != null) {
          found.add(criterion);
        }
      }
    }
    SearchQuery query = new SearchQuery(resourceType, resourceType == null ? controls.types() : Set.of(),
        List.copyOf(found), null, sort(scope, controls.sortKeys), controls.count, controls.offset,
        controls.total, List.copyOf(controls.includes), List.copyOf(controls.revIncludes),
        controls.summaryCount);
    return new ParsedSearch(query, out.issues());
  }

  /**
   * Parses the query of a conditional create, update, delete or reference: {@code Patient?identifier=a|b}
   * or a bare {@code identifier=a%7Cb}, still URL-encoded. Strict, since ignoring a criterion would
   * widen the set of resources an update or delete acts on; at least one criterion is required.
   */
  public SearchQuery parseConditional(String resourceType, String queryOrUrl) {
    String query = queryOrUrl;
    int question = queryOrUrl.indexOf('?');
    // A '?' after the first '=' belongs to a value of a bare query, not to a URL.
    if (question >= 0 && queryOrUrl.substring(0, question).indexOf('=') < 0) {
      String path = queryOrUrl.substring(0, question);
      String type = path.substring(path.lastIndexOf('/') + 1);
      if (!path.isEmpty() && !type.equals(resourceType)) {
        throw invalid("Conditional URL for " + shown(type) + " cannot select a " + resourceType, null);
      }
      query = queryOrUrl.substring(question + 1);
    }
    int fragment = query.indexOf('#');
    if (fragment >= 0) {
      query = query.substring(0, fragment);
    }
    SearchQuery parsed = parse(resourceType, queryPairs(query), true).query();
    if (parsed.criteria().isEmpty()) {
      // Without criteria a conditional delete or update would act on every resource of the type.
      throw invalid("Conditional URL for " + resourceType + " has no search criteria", null);
    }
    return parsed;
  }

  /**
   * Splits a raw query string ({@code a=1&b=x%7Cy}, without the {@code ?}) into decoded pairs in
   * order, as {@link #parse} takes them: {@code +} is a space and the bytes of {@code %XX} must be
   * UTF-8. Empty segments are skipped; a name without {@code =} has the empty value.
   *
   * @throws FhirException {@code INVALID_REQUEST} for a malformed escape or bytes that are not UTF-8
   */
  public static List<Map.Entry<String, String>> queryPairs(String rawQuery) {
    List<Map.Entry<String, String>> params = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        params.add(Map.entry(decode(eq < 0 ? pair : pair.substring(0, eq), pair),
            eq < 0 ? "" : decode(pair.substring(eq + 1), pair)));
      }
    }
    return List.copyOf(params);
  }

  /** The same query restricted to one Patient's compartment (set by the HTTP layer, never by a client). */
  public SearchQuery inCompartment(SearchQuery query, ResourceKey patient) {
    if (!patient.type().equals("Patient")) {
      throw invalid("Only Patient compartments are supported, not " + shown(patient.type()), null);
    }
    return new SearchQuery(query.resourceType(), query.types(), query.criteria(), patient, query.sort(),
        query.count(), query.offset(), query.total(), query.includes(), query.revIncludes(),
        query.summaryCount());
  }

  /**
   * Form decoding ({@code +} is a space, {@code %XX} a byte) with the bytes read as strict UTF-8:
   * {@link java.net.URLDecoder} would turn a broken sequence into U+FFFD and search for that instead.
   */
  private static String decode(String encoded, String pair) {
    if (encoded.indexOf('%') < 0 && encoded.indexOf('+') < 0) {
      return encoded;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
        if (low < 0) {
          throw invalid("Malformed percent-encoding in '" + shown(pair) + "'", null);
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        int end = i + 1;
        while (end < encoded.length() && encoded.charAt(end) != '%' && encoded.charAt(end) != '+') {
          end++;
        }
        // A run at a time, so that surrogate pairs are encoded as one character.
        bytes.writeBytes(encoded.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("Percent-encoding in '" + shown(pair) + "' is not UTF-8", null);
    }
  }

  /** Handles a control parameter; false when {@code name} is a criterion. */
  private boolean control(Controls controls, String name, String value, ParseOutcome out) {
    if (value.isEmpty() && PAGING.contains(name)) {
      // An empty field of a search form, as for any empty parameter: the default stands.
      return true;
    }
    switch (name) {
      case "_count" -> controls.count = count(value, out);
      case "_offset" -> controls.offset = whole("_offset", value);
      case "_sort" -> controls.sortKeys.add(value);
      case "_total" -> controls.total = total(value);
      case "_summary" -> controls.summaryCount = value.equals("count");
      case "_type" -> {
        if (controls.resourceType != null) {
          out.ignore("Search parameter '_type', which applies only to system-level searches,", "_type");
        }
      }
      default -> {
        if (PRESENTATION.contains(name)) {
          return true;
        }
        if (UNSUPPORTED.contains(name)) {
          out.ignore("Unsupported search parameter '" + name + "'", name);
          return true;
        }
        if (name.startsWith("_include") || name.startsWith("_revinclude")) {
          return include(controls, name, value, out);
        }
        return false;
      }
    }
    return true;
  }

  private static int count(String value, ParseOutcome out) {
    if (value.matches("\\d{10,}")) {
      return capped(value, out);
    }
    int count = whole("_count", value);
    return count > SearchQuery.MAX_COUNT ? capped(value, out) : count;
  }

  private static int capped(String value, ParseOutcome out) {
    out.warn(Issue.warning("informational", "_count=" + shown(value) + " exceeds the maximum of "
        + SearchQuery.MAX_COUNT + "; pages hold " + SearchQuery.MAX_COUNT + " entries", "_count"));
    return SearchQuery.MAX_COUNT;
  }

  private static int whole(String name, String value) {
    if (!value.matches("\\d{1,9}")) {
      throw invalid(
          "Invalid " + name + " '" + shown(value) + "': expected a whole number from 0 to 999999999", name);
    }
    return Integer.parseInt(value);
  }

  private static TotalMode total(String value) {
    return switch (value) {
      case "none" -> TotalMode.NONE;
      case "estimate" -> TotalMode.ESTIMATE;
      case "accurate" -> TotalMode.ACCURATE;
      default -> throw invalid("Invalid _total '" + shown(value) + "': expected none, estimate or accurate",
          "_total");
    };
  }

  private void types(Controls controls, String value) {
    for (String type : value.split(",")) {
      if (type.isEmpty()) {
        continue;
      }
      if (!registry.isResourceType(type)) {
        throw invalid("Unknown resource type '" + shown(type) + "' in _type", "_type");
      }
      controls.typeList.add(type);
    }
  }

  private boolean include(Controls controls, String name, String value, ParseOutcome out) {
    int colon = name.indexOf(':');
    String base = colon < 0 ? name : name.substring(0, colon);
    String modifier = colon < 0 ? null : name.substring(colon + 1);
    boolean reverse = base.equals("_revinclude");
    if (!reverse && !base.equals("_include")) {
      return false;
    }
    if (modifier != null && !modifier.equals("iterate") && !modifier.equals("recurse")) {
      out.ignore("Unknown modifier ':" + shown(modifier) + "' on " + base, shown(name));
      return true;
    }
    if (value.isEmpty()) {
      return true;
    }
    IncludeSpec spec = includeSpec(controls.resourceType, base, reverse, value, modifier != null, out);
    if (spec != null) {
      (reverse ? controls.revIncludes : controls.includes).add(spec);
    }
    return true;
  }

  /**
   * {@code Type:param[:Target]} or {@code *}. A bare {@code _revinclude=*} has no source type of its
   * own: it is given as source type {@code *}, meaning every resource that refers to a match.
   */
  private @Nullable IncludeSpec includeSpec(
      @Nullable String resourceType, String base, boolean reverse, String value, boolean iterate,
      ParseOutcome out) {
    if (value.equals("*")) {
      if (reverse) {
        return new IncludeSpec("*", null, null, iterate);
      }
      if (resourceType == null) {
        out.ignore("_include=* in a system-level search", base);
        return null;
      }
      return new IncludeSpec(resourceType, null, null, iterate);
    }
    String[] parts = value.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || !registry.isResourceType(parts[0])) {
      throw invalid(
          "Invalid " + base + " '" + shown(value) + "': expected Type:parameter[:TargetType]", base);
    }
    String sourceType = parts[0];
    SearchParamDef param = null;
    if (!parts[1].equals("*")) {
      param = registry.find(sourceType, parts[1])
          .filter(def -> def.type() == SearchParamType.REFERENCE)
          .orElseThrow(() -> invalid("Unknown reference parameter '" + shown(parts[1]) + "' of " + sourceType
              + " in " + base, base));
    }
    String target = parts.length == 3 ? parts[2] : null;
    if (target != null && (!registry.isResourceType(target)
        || (param != null && !param.targets().isEmpty() && !param.targets().contains(target)))) {
      throw invalid(
          "Invalid target type '" + shown(target) + "' in " + base + " '" + shown(value) + "'", base);
    }
    return new IncludeSpec(sourceType, param, target, iterate);
  }

  private List<SortSpec> sort(SearchScope scope, List<String> values) {
    List<SortSpec> sort = new ArrayList<>();
    for (String value : values) {
      for (String key : value.split(",")) {
        if (key.isEmpty()) {
          continue;
        }
        boolean descending = key.startsWith("-");
        String code = descending ? key.substring(1) : key;
        SearchParamDef def = criteria.find(scope, code).orElseThrow(() -> invalid(
            "Unknown _sort parameter '" + shown(code) + "' for " + scope.describe(), "_sort"));
        sort.add(new SortSpec(def, descending));
      }
    }
    return List.copyOf(sort);
  }

  /** Control parameters as read so far; sort keys are resolved at the end, against the final scope. */
  private static final class Controls {
    final @Nullable String resourceType;
    final Set<String> typeList = new LinkedHashSet<>();
    final List<String> sortKeys = new ArrayList<>();
    final List<IncludeSpec> includes = new ArrayList<>();
    final List<IncludeSpec> revIncludes = new ArrayList<>();
    int count = SearchQuery.DEFAULT_COUNT;
    int offset;
    TotalMode total = TotalMode.NONE;
    boolean summaryCount;

    Controls(@Nullable String resourceType) {
      this.resourceType = resourceType;
    }

    Set<String> types() {
      return Collections.unmodifiableSet(new LinkedHashSet<>(typeList));
    }
  }
}
