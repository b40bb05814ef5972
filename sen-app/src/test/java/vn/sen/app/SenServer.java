package vn.sen.app;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sen.store.pg.TestDatabase;

/**
 * The whole Sen application, started once per test JVM on a random port bound to 127.0.0.1, with its
 * own fresh database on the shared embedded PostgreSQL of {@link TestDatabase} (under {@code target/}).
 * Stopped when the test run ends.
 *
 * <pre>{@code
 * @ExtendWith(SenServer.class)
 * class PatientApiTest {
 *   @Test void createsAndReadsAPatient(SenServer sen) {
 *     IGenericClient fhir = sen.fhirClient();
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class SenServer implements BeforeAllCallback, ParameterResolver {
  private static final Object LOCK = new Object();
  private static Running running;

  /** The running application; started on first use. */
  public static Running get() {
    synchronized (LOCK) {
      if (running == null) {
        running = Running.start();
      }
      return running;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Running server = get();
    // Closed by JUnit when the whole run ends (root store), so every test class shares one server.
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SenServer.class.getName(), key -> new Stopper(), Stopper.class);
    server.baseUrl(); // started
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Running.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return get();
  }

  /** Stops the application when JUnit closes the root store. */
  private static final class Stopper implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      synchronized (LOCK) {
        if (running != null) {
          running.stop();
          running = null;
        }
      }
    }
  }

  /** A started application: base URL, clients, and its Spring context for white-box checks. */
  public static final class Running {
    private final ConfigurableApplicationContext context;
    private final TestDatabase database;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private Running(ConfigurableApplicationContext context, TestDatabase database) {
      this.context = context;
      this.database = database;
      this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    static Running start() {
      TestDatabase database = TestDatabase.create(SenServer.class);
      ConfigurableApplicationContext context = SpringApplication.run(SenApplication.class,
          "--server.port=0",
          "--server.address=127.0.0.1",
          "--sen.database.url=" + database.jdbcUrl(),
          "--sen.database.user=" + database.user(),
          "--sen.database.password=" + database.password(),
          "--sen.data-dir=target/sen-test-data");
      return new Running(context, database);
    }

    /** E.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String baseUrl() {
      return baseUrl;
    }

    /** HAPI FHIR's generic client on {@code /fhir}: a real FHIR client. */
    public IGenericClient fhirClient() {
      return FhirContext.forR4Cached().newRestfulGenericClient(baseUrl + "/fhir");
    }

    /** Plain HTTP where the FHIR client hides details. */
    public HttpResponse<String> get(String path) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build();
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException("GET " + path + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during GET " + path, e);
      }
    }

    public HttpClient http() {
      return http;
    }

    public ConfigurableApplicationContext context() {
      return context;
    }

    public TestDatabase database() {
      return database;
    }

    void stop() {
      context.close();
      database.close();
    }
  }
}
