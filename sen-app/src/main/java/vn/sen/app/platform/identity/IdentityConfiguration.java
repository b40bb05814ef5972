package vn.sen.app.platform.identity;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import vn.sen.app.DatabaseConfiguration.SchemaMigration;
import vn.sen.app.SenProperties;

/**
 * Identity beans that need no web server (the {@code ./sen user|client|keys} commands use them too): users,
 * clients, signing keys, password hashing, token minting and the current subject.
 */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

  /** Argon2id for new hashes; bcrypt hashes (e.g. imported) are still accepted. */
  @Bean
  public PasswordEncoder passwordEncoder() {
    return new DelegatingPasswordEncoder("argon2", Map.of(
        "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
        "bcrypt", new BCryptPasswordEncoder()));
  }

  @Bean
  public SecureRandom identityRandom() {
    return new SecureRandom();
  }

  @Bean
  public UserAccounts userAccounts(DataSource dataSource, SchemaMigration migrated, PasswordEncoder passwords,
      Clock clock) {
    return new UserAccounts(dataSource, passwords, clock);
  }

  @Bean
  public SigningKeys signingKeys(DataSource dataSource, SchemaMigration migrated, Clock clock,
      IdentityProperties properties, SecureRandom identityRandom) {
    Duration keep = properties.retiredKeyLifetime().compareTo(properties.accessTokenTtl()) < 0
        ? properties.accessTokenTtl() : properties.retiredKeyLifetime();
    return new SigningKeys(dataSource, clock, keep, identityRandom);
  }

  @Bean
  public RegisteredClientRepository registeredClientRepository(DataSource dataSource, SchemaMigration migrated) {
    return new JdbcRegisteredClientRepository(new JdbcTemplate(dataSource));
  }

  @Bean
  public OAuthClients oauthClients(RegisteredClientRepository clients, PasswordEncoder passwords,
      IdentityProperties properties, SecureRandom identityRandom, Clock clock) {
    return new OAuthClients(clients, passwords, properties, identityRandom, clock);
  }

  @Bean
  public Issuer issuer(SenProperties properties, Environment environment) {
    return new Issuer(properties, environment);
  }

  @Bean
  public TokenIssuer tokenIssuer(SigningKeys keys, UserAccounts users, Issuer issuer, Clock clock,
      IdentityProperties properties) {
    return new TokenIssuer(keys, users, issuer, clock, properties);
  }

  /** Demo sign-ins, only in demo mode ({@code ./sen demo}). */
  @Bean
  @ConditionalOnProperty(name = "sen.demo", havingValue = "true")
  public DemoLogins demoLogins(UserAccounts users, OAuthClients clients, SecureRandom identityRandom) {
    return new DemoLogins(users, clients, identityRandom);
  }

  @Bean
  public CurrentSubject currentSubject(UserAccounts users, IdentityProperties properties) {
    return new CurrentSubject(users, properties);
  }
}
