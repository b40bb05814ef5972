package vn.sen.app.platform.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The users table ({@code identity_user}): adding, finding, disabling, and counting failed sign-ins. */
public final class UserAccounts {
  private static final String COLUMNS = """
      username, password_hash, roles, fhir_user, organization, patient, enabled, failed_logins, last_failed_login""";

  private final JdbcTemplate jdbc;
  private final PasswordEncoder passwords;
  private final Clock clock;

  public UserAccounts(DataSource dataSource, PasswordEncoder passwords, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.passwords = passwords;
    this.clock = clock;
  }

  /** What {@code ./sen user add} and the demo seed ask for. */
  public record NewUser(String username, Set<String> roles, @Nullable String fhirUser,
      @Nullable String organization, @Nullable String patient) {
    public NewUser {
      roles = Set.copyOf(roles);
    }
  }

  /**
   * Adds a user with the password hashed; refuses an existing name, an unknown role, a blank or short
   * password, and a patient user without a patient.
   */
  public UserAccount add(NewUser user, String password) {
    if (!user.username().matches("[A-Za-z0-9._@-]{1,100}")) {
      throw new IllegalArgumentException("a user name is 1 to 100 letters, digits and . _ @ -");
    }
    if (user.roles().isEmpty()) {
      throw new IllegalArgumentException("a user needs at least one role");
    }
    user.roles().forEach(Roles::require);
    if (password.length() < 8) {
      throw new IllegalArgumentException("the password must have at least 8 characters");
    }
    if (user.roles().contains("patient") && user.patient() == null) {
      throw new IllegalArgumentException("a patient user needs --patient (their Patient id)");
    }
    String hash = passwords.encode(password);
    try {
      jdbc.update(connection -> {
        var ps = connection.prepareStatement("""
            insert into identity_user (username, password_hash, roles, fhir_user, organization, patient)
            values (?, ?, ?, ?, ?, ?)""");
        ps.setString(1, user.username());
        ps.setString(2, hash);
        ps.setArray(3, connection.createArrayOf("text", user.roles().stream().sorted().toArray()));
        ps.setString(4, user.fhirUser());
        ps.setString(5, user.organization());
        ps.setString(6, user.patient());
        return ps;
      });
    } catch (DuplicateKeyException e) {
      throw new IllegalArgumentException("user '" + user.username() + "' exists already", e);
    }
    return find(user.username()).orElseThrow();
  }

  /** Replaces an existing user's links, roles and password, and enables it (the demo seed on every start). */
  public void update(NewUser user, String password) {
    user.roles().forEach(Roles::require);
    String hash = passwords.encode(password);
    jdbc.update(connection -> {
      var ps = connection.prepareStatement("""
          update identity_user set password_hash = ?, roles = ?, fhir_user = ?, organization = ?, patient = ?,
                 enabled = true, failed_logins = 0
           where username = ?""");
      ps.setString(1, hash);
      ps.setArray(2, connection.createArrayOf("text", user.roles().stream().sorted().toArray()));
      ps.setString(3, user.fhirUser());
      ps.setString(4, user.organization());
      ps.setString(5, user.patient());
      ps.setString(6, user.username());
      return ps;
    });
  }

  public Optional<UserAccount> find(String username) {
    return jdbc.query("select " + COLUMNS + " from identity_user where username = ?", UserAccounts::row, username)
        .stream().findFirst();
  }

  public List<UserAccount> list() {
    return jdbc.query("select " + COLUMNS + " from identity_user order by username", UserAccounts::row);
  }

  /** Whether a user of that name existed. */
  public boolean disable(String username) {
    return jdbc.update("update identity_user set enabled = false where username = ?", username) == 1;
  }

  public boolean enable(String username) {
    return jdbc.update("update identity_user set enabled = true, failed_logins = 0 where username = ?",
        username) == 1;
  }

  /**
   * Counts one failed sign-in; a failure after a quiet {@code window} starts counting again at 1. One
   * statement, so concurrent failures are all counted.
   */
  public void recordFailure(String username, Duration window) {
    Instant now = clock.instant();
    jdbc.update("""
        update identity_user
           set failed_logins = case when last_failed_login is null or last_failed_login < ? then 1
                                    else failed_logins + 1 end,
               last_failed_login = ?
         where username = ?""", Timestamp.from(now.minus(window)), Timestamp.from(now), username);
  }

  public void recordSuccess(String username) {
    jdbc.update("update identity_user set failed_logins = 0 where username = ? and failed_logins <> 0", username);
  }

  private static UserAccount row(ResultSet rs, int n) throws SQLException {
    Array roles = rs.getArray("roles");
    Set<String> roleSet = new LinkedHashSet<>(Arrays.asList((String[]) roles.getArray()));
    Timestamp lastFailed = rs.getTimestamp("last_failed_login");
    return new UserAccount(rs.getString("username"), rs.getString("password_hash"), roleSet,
        rs.getString("fhir_user"), rs.getString("organization"), rs.getString("patient"), rs.getBoolean("enabled"),
        rs.getInt("failed_logins"), lastFailed == null ? null : lastFailed.toInstant());
  }
}
