package vn.sen.app.cli;

import java.io.PrintStream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import vn.sen.app.SenProperties;

/** The addresses to print once the server is up. */
final class Urls {
  private Urls() {}

  static String base(ConfigurableApplicationContext context) {
    String configured = context.getBean(SenProperties.class).publicBaseUrl();
    if (configured != null) {
      return configured;
    }
    return local(context);
  }

  /** The address this process itself reaches the server on (never the public proxy address). */
  static String local(ConfigurableApplicationContext context) {
    Environment env = context.getEnvironment();
    String bind = env.getProperty("server.address", "127.0.0.1");
    // A wildcard bind is reachable locally on the loopback address.
    String host = bind.equals("0.0.0.0") || bind.equals("::") || bind.isBlank() ? "127.0.0.1" : bind;
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + env.getProperty("local.server.port", "8080");
  }

  static void print(ConfigurableApplicationContext context, PrintStream out) {
    String base = base(context);
    boolean fhir = context.containsBean("fhirServlet");
    out.println();
    out.println("Sen is running:");
    out.println("  home page          " + base + "/");
    out.println("  FHIR API           " + base + "/fhir/metadata" + (fhir ? "" : "  (not available yet)"));
    out.println("  health             " + base + "/actuator/health");
    out.println("  metrics            " + base + "/actuator/prometheus  (token with metrics.read)");
    out.println();
  }
}
