package vn.sen.app;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sen.app.platform.identity.TokenIssuer;
import vn.sen.app.platform.identity.UserAccount;
import vn.sen.app.platform.identity.UserAccounts;
import vn.sen.store.pg.TestDatabase;

/**
 * The whole Sen application, started once per test JVM on a random port bound to 127.0.0.1, with its
 * own fresh database on the shared embedded PostgreSQL of {@link TestDatabase} (under {@code target/}).
 * Stopped when the test run ends.
 *
 * <p>{@code /fhir} needs a bearer token: {@link Running#fhirClient()}, {@link Running#get} and the
 * conformance helpers send a {@code system/*.cruds} token of the test client {@value Running#TEST_CLIENT};
 * pages are fetched with a signed-in session of the test user {@value Running#PAGE_USER} (role admin).
 * {@link Running#tokenFor} and {@link Running#createUser} make other subjects.
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
    /** The system client whose token the harness sends to {@code /fhir}. */
    public static final String TEST_CLIENT = "sen-test-system";
    /** The user whose session the harness fetches pages with. */
    public static final String PAGE_USER = "sen-test-pages";
    /** The one origin the test server allows for CORS. */
    public static final String CORS_ORIGIN = "https://app.sen-test.example";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final ConfigurableApplicationContext context;
    private final TestDatabase database;
    private final String baseUrl;
    private final String systemToken;
    private final HttpClient http;

    private Running(ConfigurableApplicationContext context, TestDatabase database) {
      this.context = context;
      this.database = database;
      this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
      // valid for the whole test run
      this.systemToken = context.getBean(TokenIssuer.class).forClient(TEST_CLIENT, List.of("system/*.cruds"),
          Duration.ofHours(12));
      String password = UUID.randomUUID().toString();
      createUser(PAGE_USER, password, Set.of("admin"), "Practitioner/sen-test-admin", null, null);
      this.http = signedIn(PAGE_USER, password);
    }

    static Running start() {
      TestDatabase database = TestDatabase.create(SenServer.class);
      ConfigurableApplicationContext context = SpringApplication.run(SenApplication.class,
          "--server.port=0",
          "--server.address=127.0.0.1",
          "--sen.database.url=" + database.jdbcUrl(),
          "--sen.database.user=" + database.user(),
          "--sen.database.password=" + database.password(),
          "--sen.data-dir=target/sen-test-data",
          // the anchor key and log belong with one trail: one each per fresh database, and none on a timer
          "--sen.audit.anchor-key=target/sen-test-data/anchors-" + database.name() + "/audit-anchor-key.pem",
          "--sen.audit.anchor-interval=PT0S",
          // the harness's tokens live for the whole run, also across a key rotation by a test
          "--sen.identity.retired-key-lifetime=12h",
          // nothing on a timer in tests unless a test asks for it
          "--sen.companion.reminders.enabled=false",
          // one browser app origin, for CrossOriginTest
          "--sen.security.cors.allowed-origins=" + CORS_ORIGIN);
      return new Running(context, database);
    }

    /** E.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
    public String baseUrl() {
      return baseUrl;
    }

    /** HAPI FHIR's generic client on {@code /fhir} with the test system token: a real FHIR client. */
    public IGenericClient fhirClient() {
      return fhirClient(systemToken);
    }

    /** HAPI FHIR's generic client sending this access token. */
    public IGenericClient fhirClient(String accessToken) {
      IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(baseUrl + "/fhir");
      client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
      return client;
    }

    /** HAPI FHIR's generic client without any token. */
    public IGenericClient anonymousFhirClient() {
      return FhirContext.forR4Cached().newRestfulGenericClient(baseUrl + "/fhir");
    }

    /** The {@code system/*.cruds} token of the test client. */
    public String systemToken() {
      return systemToken;
    }

    /**
     * An access token minted with the server's key for a stored user (name of a user) or else a system
     * client (any other name), with these SMART scopes.
     */
    public String tokenFor(String userOrClient, String... scopes) {
      TokenIssuer issuer = context.getBean(TokenIssuer.class);
      return context.getBean(UserAccounts.class).find(userOrClient).isPresent()
          ? issuer.forUser(userOrClient, List.of(scopes))
          : issuer.forClient(userOrClient, List.of(scopes));
    }

    /** Adds a user to the server's database. */
    public UserAccount createUser(String username, String password, Set<String> roles, @Nullable String fhirUser,
        @Nullable String organization, @Nullable String patient) {
      return context.getBean(UserAccounts.class)
          .add(new UserAccounts.NewUser(username, roles, fhirUser, organization, patient), password);
    }

    /**
     * A client holding a page session of this user, signed in through the login form as a browser would;
     * fails when the sign-in is refused.
     */
    public HttpClient signedIn(String username, String password) {
      // only the session cookie: page tests set their own language cookie per request
      HttpClient client = HttpClient.newBuilder().cookieHandler(
          new CookieManager(null, (uri, cookie) -> cookie.getName().equals("SEN_SESSION"))).build();
      HttpResponse<String> form = send(client, HttpRequest.newBuilder(URI.create(baseUrl + "/auth/login")).build());
      Matcher csrf = CSRF.matcher(form.body());
      if (!csrf.find()) {
        throw new IllegalStateException("the login page has no CSRF field");
      }
      HttpResponse<String> login = send(client, HttpRequest.newBuilder(URI.create(baseUrl + "/auth/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(username) + "&password=" + enc(password)
              + "&_csrf=" + enc(csrf.group(1))))
          .build());
      String location = login.headers().firstValue("Location").orElse("");
      if (login.statusCode() != 302 || location.contains("/auth/login")) {
        throw new IllegalStateException("sign-in of " + username + " refused: " + login.statusCode() + " " + location);
      }
      return client;
    }

    private static String enc(String value) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Plain HTTP where the FHIR client hides details: {@code /fhir} with the system token, pages with the
     * signed-in session of {@value #PAGE_USER}.
     */
    public HttpResponse<String> get(String path) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
      if (path.startsWith("/fhir")) {
        request.header("Authorization", "Bearer " + systemToken);
      }
      return send(http, request.build());
    }

    /** Plain HTTP without a token or session. */
    public HttpResponse<String> anonymousGet(String path) {
      return send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
      String path = request.uri().getPath();
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException(request.method() + " " + path + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted during " + request.method() + " " + path, e);
      }
    }

    /** The HTTP client holding the page session of {@value #PAGE_USER}. */
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
