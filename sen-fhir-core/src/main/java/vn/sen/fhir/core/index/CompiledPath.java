package vn.sen.fhir.core.index;

import java.util.List;
import org.hl7.fhir.r4.model.Base;

/** A search parameter expression prepared once and evaluated many times. Thread-safe. */
interface CompiledPath {

  /** The elements the expression selects from {@code focus}, in document order. */
  List<Base> evaluate(Base focus);

  /** Whether the expression runs on Sen's own evaluator rather than HAPI's FHIRPath engine. */
  boolean fast();
}
