package vn.sen.store.pg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchParamDef;
import vn.sen.fhir.core.search.SearchParamType;
import vn.sen.fhir.core.search.SearchParameterRegistry;

/**
 * Where each search parameter's values are stored. Many R4 parameters repeat others: {@code
 * Patient.phonetic} has the same expression as {@code Patient.name}; {@code Observation.patient} is
 * {@code Observation.subject.where(resolve() is Patient)}; {@code Observation.combo-code} is {@code
 * code | component.code}. Storing such values again would add a quarter of all index rows, so a
 * parameter is read from <em>slots</em>: its own key, another parameter's key restricted to a target
 * type, or the union of other parameters' slots. Only parameters with their own slot are written.
 */
final class ParamLayout {
  private static final Pattern WHERE_RESOLVE = Pattern.compile("^(.+)\\.where\\(resolve\\(\\)is([A-Za-z]+)\\)$");

  /** One place values are stored: a parameter key, and for references an optional target type. */
  record Slot(int key, @Nullable String targetType) {}

  private final Map<String, List<Slot>> slots = new HashMap<>();
  /** {@link #stored} of the registry's parameters, answered on every index value of every write. */
  private final Map<SearchParamDef, Boolean> storedByDef = new IdentityHashMap<>();

  ParamLayout(SearchParameterRegistry registry) {
    for (String type : registry.resourceTypes()) {
      layoutType(new ArrayList<>(registry.forType(type).values()));
    }
    for (String type : registry.resourceTypes()) {
      for (SearchParamDef def : registry.forType(type).values()) {
        storedByDef.put(def, ownSlot(def));
      }
    }
  }

  /** The slots a parameter's values are read from. */
  List<Slot> slots(SearchParamDef def) {
    return slots.getOrDefault(identity(def), List.of(new Slot(def.key(), null)));
  }

  /** Whether the parameter's values are written under its own key. */
  boolean stored(SearchParamDef def) {
    Boolean known = storedByDef.get(def);
    return known != null ? known : ownSlot(def);
  }

  /**
   * Whether the parameter's values go into the index tables: stored under its own key, and not {@code
   * _id} or {@code _lastUpdated}, which are served from the resource row itself.
   */
  boolean written(SearchParamDef def) {
    String code = def.code();
    return !code.equals("_id") && !code.equals("_lastUpdated") && stored(def);
  }

  private boolean ownSlot(SearchParamDef def) {
    List<Slot> own = slots(def);
    return own.size() == 1 && own.get(0).key() == def.key() && own.get(0).targetType() == null;
  }

  private static String identity(SearchParamDef def) {
    return def.qualifiedName();
  }

  private void layoutType(List<SearchParamDef> params) {
    Map<SearchParamDef, Set<String>> parts = new HashMap<>();
    for (SearchParamDef def : params) {
      parts.put(def, unionParts(def.expression()));
    }
    List<SearchParamDef> ordered = new ArrayList<>(params);
    // fewer parts first, and X.where(resolve() is T) after X, so that what a parameter reuses is laid out
    ordered.sort(Comparator.comparingInt((SearchParamDef d) -> parts.get(d).size())
        .thenComparing(d -> d.expression().contains("resolve()")));
    List<SearchParamDef> done = new ArrayList<>();
    for (SearchParamDef def : ordered) {
      List<Slot> layout = layout(def, parts, done);
      slots.put(identity(def), layout);
      done.add(def);
    }
  }

  private List<Slot> layout(SearchParamDef def, Map<SearchParamDef, Set<String>> parts, List<SearchParamDef> done) {
    Set<String> mine = parts.get(def);
    List<Slot> own = List.of(new Slot(def.key(), null));
    if (!shareable(def) || mine.isEmpty()) {
      return own;
    }
    // same expression as a parameter already laid out
    for (SearchParamDef other : done) {
      if (compatible(def, other) && parts.get(other).equals(mine)) {
        return slots(other);
      }
    }
    // X.where(resolve() is T): the reference parameter with expression X, restricted to type T
    if (def.type() == SearchParamType.REFERENCE && mine.size() == 1) {
      Matcher m = WHERE_RESOLVE.matcher(mine.iterator().next());
      if (m.matches()) {
        for (SearchParamDef other : done) {
          List<Slot> base = slots(other);
          if (compatible(def, other) && parts.get(other).equals(Set.of(m.group(1))) && base.size() == 1
              && base.get(0).targetType() == null) {
            return List.of(new Slot(base.get(0).key(), m.group(2)));
          }
        }
      }
    }
    // A | B | …: the union of parameters whose expressions together are exactly these parts
    if (mine.size() > 1) {
      Set<String> covered = new LinkedHashSet<>();
      List<Slot> union = new ArrayList<>();
      for (SearchParamDef other : done) {
        Set<String> theirs = parts.get(other);
        if (compatible(def, other) && !theirs.isEmpty() && mine.containsAll(theirs) && !covered.containsAll(theirs)) {
          covered.addAll(theirs);
          for (Slot s : slots(other)) {
            if (!union.contains(s)) {
              union.add(s);
            }
          }
        }
      }
      if (covered.equals(mine)) {
        return List.copyOf(union);
      }
    }
    return own;
  }

  private static boolean shareable(SearchParamDef def) {
    return def.type() != SearchParamType.COMPOSITE && def.type() != SearchParamType.SPECIAL
        && !def.code().equals("_id") && !def.code().equals("_lastUpdated");
  }

  private static boolean compatible(SearchParamDef def, SearchParamDef other) {
    return other != def && other.type() == def.type() && shareable(other);
  }

  /** Top-level {@code |} parts of an expression, white space removed, outer parentheses dropped. */
  static Set<String> unionParts(String expression) {
    Set<String> parts = new LinkedHashSet<>();
    String compact = expression.replaceAll("\\s+", "");
    int depth = 0;
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == '|') {
        parts.add(stripParens(compact.substring(start, i)));
        start = i + 1;
      }
    }
    parts.add(stripParens(compact.substring(start)));
    parts.remove("");
    return parts;
  }

  private static String stripParens(String part) {
    String p = part;
    while (p.length() > 1 && p.charAt(0) == '(' && p.charAt(p.length() - 1) == ')' && balanced(p.substring(1, p.length() - 1))) {
      p = p.substring(1, p.length() - 1);
    }
    return p;
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      depth += s.charAt(i) == '(' ? 1 : s.charAt(i) == ')' ? -1 : 0;
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }
}
