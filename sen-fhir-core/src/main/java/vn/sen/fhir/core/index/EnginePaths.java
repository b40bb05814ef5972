package vn.sen.fhir.core.index;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import java.util.List;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;

/**
 * HAPI's FHIRPath engine for expressions beyond the fast subset. The engine is not thread-safe, so
 * each thread gets its own; parsed expressions are immutable and shared.
 */
final class EnginePaths {
  private final ThreadLocal<FHIRPathEngine> engines;

  EnginePaths(FhirContext context) {
    // One worker context for all engines: building it loads the R4 definitions once.
    HapiWorkerContext worker =
        new HapiWorkerContext(context, new DefaultProfileValidationSupport(context));
    this.engines = ThreadLocal.withInitial(() -> new FHIRPathEngine(worker));
  }

  /** Parses the expression; a syntax error surfaces as the engine's runtime exception. */
  CompiledPath compile(String expression) {
    ExpressionNode node = engines.get().parse(expression);
    return new Compiled(node);
  }

  private final class Compiled implements CompiledPath {
    private final ExpressionNode node;

    Compiled(ExpressionNode node) {
      this.node = node;
    }

    @Override
    public List<Base> evaluate(Base focus) {
      return engines.get().evaluate(focus, node);
    }

    @Override
    public boolean fast() {
      return false;
    }
  }
}
