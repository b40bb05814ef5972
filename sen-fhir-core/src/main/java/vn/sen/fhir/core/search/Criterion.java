package vn.sen.fhir.core.search;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One condition of a search; the conditions of a query are ANDed. */
public sealed interface Criterion {

  /** A parameter with a modifier and values that are ORed. */
  record Param(SearchParamDef param, Modifier modifier, List<SearchArg> anyOf) implements Criterion {}

  /**
   * Chaining: {@code subject:Patient.name=x} matches resources whose {@code reference} points at a
   * resource of {@code targetType} (any of the parameter's targets when null) that matches {@code
   * onTarget}.
   */
  record Chain(SearchParamDef reference, @Nullable String targetType, Criterion onTarget)
      implements Criterion {}

  /**
   * Reverse chaining: {@code _has:Observation:patient:code=x} matches resources that are referenced
   * through {@code sourceReference} by a {@code sourceType} resource matching {@code onSource}.
   */
  record Has(String sourceType, SearchParamDef sourceReference, Criterion onSource) implements Criterion {}
}
