package vn.sen.fhir.http;

import ca.uhn.fhir.parser.IParser;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;

/**
 * {@code _summary} and {@code _elements} (https://hl7.org/fhir/R4/search.html#summary): which parts of
 * each resource are returned. Subsetted resources carry the SUBSETTED tag.
 *
 * @param summary the {@code _summary} mode
 * @param elements the {@code _elements} list as HAPI encode paths, or null
 */
record Subsetting(Summary summary, @Nullable Set<String> elements) {
  enum Summary {
    FALSE,
    TRUE,
    TEXT,
    DATA,
    COUNT
  }

  /** An element name, optionally qualified by its resource type (https://hl7.org/fhir/R4/search.html#elements). */
  private static final Pattern ELEMENT = Pattern.compile("([A-Z][A-Za-z]{0,63}\\.)?[a-z][A-Za-z0-9]{0,63}");

  static final Subsetting NONE = new Subsetting(Summary.FALSE, null);

  static Subsetting from(@Nullable String summary, @Nullable String elements) {
    Summary mode = summary == null ? Summary.FALSE : switch (summary) {
      case "true" -> Summary.TRUE;
      case "false" -> Summary.FALSE;
      case "text" -> Summary.TEXT;
      case "data" -> Summary.DATA;
      case "count" -> Summary.COUNT;
      default -> throw FhirException.invalid("_summary must be true, false, text, data or count");
    };
    Set<String> paths = null;
    if (elements != null && !elements.isBlank() && mode != Summary.COUNT) {
      paths = new LinkedHashSet<>();
      for (String element : elements.split(",")) {
        String e = element.trim();
        if (!e.isEmpty() && !ELEMENT.matcher(e).matches()) {
          throw new FhirException(ErrorCode.INVALID_REQUEST,
              "_elements takes element names such as name,birthDate or Patient.name", "_elements");
        }
        if (!e.isEmpty()) {
          paths.add(e.contains(".") ? e : "*." + e);
        }
      }
    }
    return new Subsetting(mode, paths);
  }

  /** Whether resources must be parsed and re-encoded rather than served as stored. */
  boolean active() {
    return elements != null || summary == Summary.TRUE || summary == Summary.TEXT || summary == Summary.DATA;
  }

  /** Configures the parser; HAPI tags the output SUBSETTED itself in each of these modes. */
  void apply(IParser parser) {
    switch (summary) {
      case TRUE -> parser.setSummaryMode(true);
      case TEXT -> parser.setEncodeElements(Set.of("*.text", "*.id", "*.meta", "*.(mandatory)"));
      case DATA -> parser.setSuppressNarratives(true);
      default -> {}
    }
    if (elements != null) {
      Set<String> withMeta = new LinkedHashSet<>(elements);
      withMeta.add("*.meta");
      withMeta.add("*.id");
      parser.setEncodeElements(withMeta);
    }
  }
}
