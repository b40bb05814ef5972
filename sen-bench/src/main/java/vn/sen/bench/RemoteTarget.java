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

  RemoteTarget(URI fhirBase, @Nullable String jdbcUrl, String jdbcUser, String jdbcPassword) {
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
    String token = System.getenv("SEN_TOKEN");
    return token == null || token.isBlank() ? Optional.empty() : Optional.of(token.trim());
  }

  /**
   * {@code SEN_TOKEN_CLINICIAN}: a token of a clinician user of the server at the URL; the caller makes
   * sure it is a nurse of {@code organization} (the run names it).
   */
  @Override
  public Optional<Supplier<String>> clinicianToken(String practitioner, String organization) {
    String token = System.getenv("SEN_TOKEN_CLINICIAN");
    return token == null || token.isBlank() ? Optional.empty() : Optional.of(token::trim);
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

  @Override
  public String heap() {
    String base = fhirBase.toString();
    URI metrics = URI.create(base.substring(0, base.length() - "/fhir".length()) + "/actuator/prometheus");
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
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
