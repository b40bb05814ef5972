package vn.sen.fhir.core.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchParamDef;

/**
 * A composite parameter: its expression selects focus elements; each component's expression is made
 * relative to the focus branch it extends (HAPI's R4 model gives component expressions absolute,
 * e.g. {@code Observation.component.code} under focus {@code Observation.component}); per focus the
 * values are the cartesian product of the components' values, in component order.
 *
 * @param branches one entry per union branch of the composite's expression
 */
record CompositePlan(
    SearchParamDef def, List<SearchParamDef> components, List<Branch> branches, int compartmentRank)
    implements FhirPathIndexExtractor.ParamPlan {

  /**
   * One focus branch with, per component, the part relative to the focus and the part (if any)
   * that does not extend any focus branch and is therefore evaluated on the resource.
   */
  record Branch(CompiledPath focus, List<@Nullable CompiledPath> relative, List<@Nullable CompiledPath> absolute) {}

  static CompositePlan compile(
      SearchParamDef def, List<SearchParamDef> components, Function<String, CompiledPath> compiler, int rank) {
    List<String> focusTexts = new ArrayList<>();
    for (String branch : Expressions.splitUnion(def.expression())) {
      focusTexts.add(Expressions.unwrap(branch));
    }
    List<List<String>> relativeTexts = new ArrayList<>();
    List<List<String>> absoluteTexts = new ArrayList<>();
    for (int f = 0; f < focusTexts.size(); f++) {
      relativeTexts.add(new ArrayList<>());
      absoluteTexts.add(new ArrayList<>());
    }
    List<String> unmatched = new ArrayList<>();
    for (int c = 0; c < components.size(); c++) {
      for (List<String> l : relativeTexts) {
        l.add("");
      }
      StringBuilder absolute = new StringBuilder();
      for (String branch : Expressions.splitUnion(components.get(c).expression())) {
        String inner = Expressions.unwrap(branch);
        int best = -1;
        for (int f = 0; f < focusTexts.size(); f++) {
          String focus = focusTexts.get(f);
          if (inner.startsWith(focus + ".")
              && (best < 0 || focus.length() > focusTexts.get(best).length())) {
            best = f;
          }
        }
        if (best < 0) {
          absolute.append(absolute.isEmpty() ? "" : " | ").append(branch);
          continue;
        }
        String rel = inner.substring(focusTexts.get(best).length() + 1);
        String relBranch = branch.startsWith("(") ? "(" + rel + ")" : rel;
        List<String> l = relativeTexts.get(best);
        String prev = l.get(c);
        l.set(c, prev.isEmpty() ? relBranch : prev + " | " + relBranch);
      }
      unmatched.add(absolute.toString());
    }
    List<Branch> branches = new ArrayList<>();
    List<@Nullable CompiledPath> absolutes = new ArrayList<>();
    for (String a : unmatched) {
      absolutes.add(a.isEmpty() ? null : compiler.apply(a));
    }
    for (int f = 0; f < focusTexts.size(); f++) {
      List<@Nullable CompiledPath> rel = new ArrayList<>();
      for (String r : relativeTexts.get(f)) {
        rel.add(r.isEmpty() ? null : compiler.apply(r));
      }
      branches.add(new Branch(compiler.apply(focusTexts.get(f)), rel, absolutes));
    }
    return new CompositePlan(def, List.copyOf(components), List.copyOf(branches), rank);
  }

  @Override
  public boolean fast() {
    for (Branch b : branches) {
      if (!b.focus().fast()) {
        return false;
      }
      for (CompiledPath p : b.relative()) {
        if (p != null && !p.fast()) {
          return false;
        }
      }
      for (CompiledPath p : b.absolute()) {
        if (p != null && !p.fast()) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void extract(Resource resource, ValueMapper mapper, Collection<IndexValue> out) {
    for (Branch branch : branches) {
      for (Base focus : branch.focus().evaluate(resource)) {
        List<List<IndexValue>> perComponent = new ArrayList<>(components.size());
        for (int c = 0; c < components.size(); c++) {
          Collection<IndexValue> values = new LinkedHashSet<>();
          CompiledPath rel = branch.relative().get(c);
          CompiledPath abs = branch.absolute().get(c);
          if (rel != null) {
            for (Base e : rel.evaluate(focus)) {
              mapper.map(components.get(c).type(), e, values);
            }
          }
          if (abs != null) {
            for (Base e : abs.evaluate(resource)) {
              mapper.map(components.get(c).type(), e, values);
            }
          }
          if (values.isEmpty()) {
            perComponent = null;
            break;
          }
          perComponent.add(List.copyOf(values));
        }
        if (perComponent != null) {
          product(perComponent, 0, new ArrayList<>(), out);
        }
      }
    }
  }

  private static void product(
      List<List<IndexValue>> lists, int i, List<IndexValue> prefix, Collection<IndexValue> out) {
    if (i == lists.size()) {
      out.add(new IndexValue.Composite(List.copyOf(prefix)));
      return;
    }
    for (IndexValue v : lists.get(i)) {
      prefix.add(v);
      product(lists, i + 1, prefix, out);
      prefix.remove(prefix.size() - 1);
    }
  }
}
