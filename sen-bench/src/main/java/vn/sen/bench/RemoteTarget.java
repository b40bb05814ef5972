package vn.sen.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A Sen already running at {@code --url}. Its heap is read from its Prometheus metrics; its database
 * size only when {@code --jdbc-url} says where the database is.
 */
final class RemoteTarget implements BenchTarget {
  private final URI fhirBase;
  private final @Nullable String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private final Map<String, String> env;

  RemoteTarget(URI fhirBase, @Nullable String jdbcUrl, String jdbcUser, String jdbcPassword) {
    this(fhirBase, jdbcUrl, jdbcUser, jdbcPassword, System.getenv());
  }

  /** @param env where the tokens come from: the process environment, or a test's */
  RemoteTarget(URI fhirBase, @Nullable String jdbcUrl, String jdbcUser, String jdbcPassword,
      Map<String, String> env) {
    this.env = Map.copyOf(env);
    this.fhirBase = fhirBase;
    this.jdbcUrl = jdbcUrl;
    this.jdbcUser = jdbcUser;
    this.jdbcPassword = jdbcPassword;
  }

  @Override
  public URI fhirBase() {
    return fhirBase;
  }

  /** {@code SEN_TOKEN}: an access token for the server at the URL (e.g. of a client with system/*.rs). */
  @Override
  public Optional<String> bearerToken() {
    String token = env.get("SEN_TOKEN");
    return token == null || token.isBlank() ? Optional.empty() : Optional.of(token.trim());
  }

  /**
   * {@code SEN_TOKEN_CLINICIAN}: a token of a clinician user of the server at the URL; the caller makes
   * sure it is a nurse of {@code organization} (the run names it).
   */
  @Override
  public Optional<Supplier<String>> clinicianToken(String practitioner, String organization) {
    String token = env.get("SEN_TOKEN_CLINICIAN");
    return token == null || token.isBlank() ? Optional.empty() : Optional.of(token::trim);
  }

  private Optional<String> metricsToken() {
    for (String variable : new String[] {"SEN_TOKEN_METRICS", "SEN_TOKEN"}) {
      String token = env.get(variable);
      if (token != null && !token.isBlank()) {
        return Optional.of(token.trim());
      }
    }
    return Optional.empty();
  }

  @Override
  public OptionalLong databaseBytes() {
    if (jdbcUrl == null) {
      return OptionalLong.empty();
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_database_size(current_database())")) {
      return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
    } catch (SQLException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The server's heap from its Prometheus metrics, which need a token with the scope {@code metrics.read}
   * (or of an admin): {@code SEN_TOKEN_METRICS}, else {@code SEN_TOKEN} when that client has the scope too.
   */
  @Override
  public String heap() {
    String base = fhirBase.toString();
    URI metrics = URI.create(base.substring(0, base.length() - "/fhir".length()) + "/actuator/prometheus");
    HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10));
    metricsToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 401 || r.statusCode() == 403) {
        return "unknown (the metrics need a token with metrics.read in SEN_TOKEN_METRICS)";
      }
      double max = 0;
      for (String line : r.body().split("\n")) {
        if (line.startsWith("jvm_memory_max_bytes{") && line.contains("area=\"heap\"")) {
          double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          if (v > 0) {
            max += v;
          }
        }
      }
      return max > 0 ? "server max heap " + Math.round(max / (1024 * 1024)) + " MB" : "unknown";
    } catch (IOException | NumberFormatException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() {
    // Not ours to stop.
  }
}
