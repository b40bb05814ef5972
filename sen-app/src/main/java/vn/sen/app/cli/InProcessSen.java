package vn.sen.app.cli;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sen.app.SenApplication;
import vn.sen.app.SenProperties;
import vn.sen.app.platform.identity.TokenIssuer;
import vn.sen.app.platform.identity.UserAccounts;
import vn.sen.bench.BenchTarget;

/**
 * Sen started inside this process for {@code load} and {@code bench}: the whole application on a free
 * loopback port, so loading and measuring go through the real HTTP API; stopped on close.
 */
final class InProcessSen implements BenchTarget {
  /** The client id of the tokens a command minted for the Sen it started itself. */
  static final String IN_PROCESS_CLIENT = "sen-cli";
  private static final Duration RUN_LIFETIME = Duration.ofHours(24);
  /** The user {@code ./sen bench} measures a clinician's requests with. */
  static final String BENCH_CLINICIAN = "sen-bench-nurse";
  /** Well within the shortest access-token lifetime one would configure. */
  private static final Duration REMINT_AFTER = Duration.ofMinutes(2);
  private final ConfigurableApplicationContext context;

  InProcessSen(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** Starts Sen on its configured data dir (SEN_DATA_DIR) or, when given, on {@code dataDir}. */
  static InProcessSen start(List<String> springArgs, @Nullable Path dataDir) {
    List<String> args = new ArrayList<>(springArgs);
    args.add("--server.port=0");
    args.add("--server.address=127.0.0.1");
    args.add("--logging.level.root=WARN");
    if (dataDir != null) {
      args.add("--sen.data-dir=" + dataDir);
    }
    return new InProcessSen(SpringApplication.run(SenApplication.class, args.toArray(String[]::new)));
  }

  static InProcessSen start(List<String> springArgs) {
    return start(springArgs, null);
  }

  Path dataDir() {
    return context.getBean(SenProperties.class).dataDir();
  }

  @Override
  public URI fhirBase() {
    return URI.create(Urls.local(context) + "/fhir");
  }

  /** A {@code system/*.cruds} token of this process for its own run (minted with the server's key). */
  @Override
  public Optional<String> bearerToken() {
    return Optional.of(systemToken(context));
  }

  /**
   * Tokens of the bench's clinician ({@value #BENCH_CLINICIAN}, role nurse, {@code user/*.cruds}): the user
   * is added (or its links replaced) with a random password nobody is told; each token lives the
   * server's access-token lifetime, so a new one is minted when the last is {@link #REMINT_AFTER} old.
   */
  @Override
  public Optional<Supplier<String>> clinicianToken(String practitioner, String organization) {
    UserAccounts users = context.getBean(UserAccounts.class);
    UserAccounts.NewUser nurse = new UserAccounts.NewUser(BENCH_CLINICIAN, Set.of("nurse"), practitioner,
        organization, null);
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    if (users.find(BENCH_CLINICIAN).isPresent()) {
      users.update(nurse, password);
    } else {
      users.add(nurse, password);
    }
    TokenIssuer issuer = context.getBean(TokenIssuer.class);
    return Optional.of(new Supplier<>() {
      private @Nullable String token;
      private long mintedAt;

      @Override
      public synchronized String get() {
        if (token == null || System.nanoTime() - mintedAt > REMINT_AFTER.toNanos()) {
          token = issuer.forUser(BENCH_CLINICIAN, List.of("user/*.cruds"));
          mintedAt = System.nanoTime();
        }
        return token;
      }
    });
  }

  static String systemToken(ConfigurableApplicationContext context) {
    return context.getBean(TokenIssuer.class).forClient(IN_PROCESS_CLIENT, List.of("system/*.cruds"), RUN_LIFETIME);
  }

  @Override
  public OptionalLong databaseBytes() {
    try (Connection c = context.getBean(DataSource.class).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_database_size(current_database())")) {
      return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
    } catch (SQLException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public String heap() {
    return "in-process (server and bench client share one JVM), max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB";
  }

  @Override
  public void close() {
    context.close();
  }
}
