package vn.sen.fhir.core.search;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One registry and parser for all parser tests: building the registry takes a few seconds. */
final class ParserFixture {
  static final SearchParameterRegistry REGISTRY = new SearchParameterRegistry(FhirContext.forR4());
  static final String BASE = "https://sen.example.vn/fhir";
  static final SearchQueryParser PARSER = new SearchQueryParser(REGISTRY, Set.of(BASE + "/"));

  private ParserFixture() {}

  /** Pairs from {@code "name", "value", "name", "value"…}. */
  static List<Map.Entry<String, String>> params(String... nameValues) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      list.add(Map.entry(nameValues[i], nameValues[i + 1]));
    }
    return list;
  }

  static ParsedSearch lenient(String type, String... nameValues) {
    return PARSER.parse(type, params(nameValues), false);
  }

  static ParsedSearch strict(String type, String... nameValues) {
    return PARSER.parse(type, params(nameValues), true);
  }

  static SearchQuery query(String type, String... nameValues) {
    return strict(type, nameValues).query();
  }

  /** The single criterion of a query, as a plain parameter. */
  static Criterion.Param only(String type, String... nameValues) {
    List<Criterion> criteria = query(type, nameValues).criteria();
    if (criteria.size() != 1 || !(criteria.get(0) instanceof Criterion.Param param)) {
      throw new AssertionError("expected one plain criterion, got " + criteria);
    }
    return param;
  }

  static SearchParamDef def(String type, String code) {
    return REGISTRY.find(type, code).orElseThrow();
  }
}
