package vn.sen.app.cli;

import java.io.PrintStream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Demo data for {@code ./sen demo}. The synthetic Vietnamese population comes from sen-synth, which does
 * not generate data yet, so the demo starts with an empty record and says so.
 */
final class DemoData {
  private DemoData() {}

  static void load(ConfigurableApplicationContext context, PrintStream out) {
    out.println();
    out.println("Demo data: none loaded. The synthetic Vietnamese population (sen-synth) is not built yet,");
    out.println("so the record starts empty; any FHIR client can write to it.");
  }
}
