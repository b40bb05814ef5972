package vn.sen.fhir.core.index;

import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/** Reads {@code Reference.reference} strings: {@code Type/id}, {@code Type/id/_history/n}, absolute URLs. */
final class ReferenceTarget {

  private ReferenceTarget() {}

  /**
   * The reference as an index value: local ({@code Type/id}, or absolute on one of {@code localBases})
   * becomes a target type and id, another absolute URL stays a URL, and contained ({@code #x}) or
   * bundle-local ({@code urn:uuid:}, {@code urn:oid:}) references give nothing.
   */
  static IndexValue.@Nullable Reference parse(@Nullable String reference, List<String> localBases) {
    if (reference == null || reference.isBlank() || reference.startsWith("#")) {
      return null;
    }
    if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
      return null;
    }
    if (reference.contains("://")) {
      for (String base : localBases) {
        if (reference.startsWith(base)) {
          IndexValue.Reference local = relative(reference.substring(base.length()));
          if (local != null) {
            return local;
          }
        }
      }
      return new IndexValue.Reference(null, null, reference);
    }
    if (reference.contains(":")) {
      return new IndexValue.Reference(null, null, reference);
    }
    return relative(reference);
  }

  /** {@code Type/id} or {@code Type/id/_history/n}, with or without a leading slash. */
  private static IndexValue.@Nullable Reference relative(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    int slash = p.indexOf('/');
    if (slash <= 0 || slash == p.length() - 1) {
      return null;
    }
    String type = p.substring(0, slash);
    String rest = p.substring(slash + 1);
    int next = rest.indexOf('/');
    String id;
    if (next < 0) {
      id = rest;
    } else if (rest.startsWith("/_history/", next)) {
      id = rest.substring(0, next);
    } else {
      return null;
    }
    if (!Character.isUpperCase(type.charAt(0)) || id.isEmpty()) {
      return null;
    }
    return new IndexValue.Reference(type, id, null);
  }

  /**
   * The resource type a reference points to, as far as the reference itself tells: an embedded
   * resource, {@code Type/id[/_history/n]}, or an absolute URL whose path ends that way.
   */
  static @Nullable String typeOf(Reference reference) {
    IBaseResource embedded = reference.getResource();
    if (embedded != null) {
      return embedded.fhirType();
    }
    String ref = reference.getReference();
    if (ref == null || ref.startsWith("#") || ref.startsWith("urn:")) {
      return null;
    }
    String[] parts = ref.split("/");
    int n = parts.length;
    if (n >= 4 && "_history".equals(parts[n - 2])) {
      return typeCandidate(parts[n - 4]);
    }
    return n >= 2 ? typeCandidate(parts[n - 2]) : null;
  }

  private static @Nullable String typeCandidate(String s) {
    return !s.isEmpty() && Character.isUpperCase(s.charAt(0)) ? s : null;
  }
}
