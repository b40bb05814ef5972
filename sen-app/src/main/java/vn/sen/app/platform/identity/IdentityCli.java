package vn.sen.app.platform.identity;

import java.time.Clock;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import vn.sen.app.DatabaseConfiguration;
import vn.sen.app.SenProperties;

/**
 * The small Spring context of the {@code ./sen user|client|keys} commands: the configured database
 * (SEN_DATABASE_URL, else the embedded PostgreSQL in SEN_DATA_DIR: the one a running Sen keeps there, or
 * one started for the command) migrated, and the identity beans; no web server.
 */
final class IdentityCli {
  private IdentityCli() {}

  /** Opens the context the commands work in; closed by the command when done. */
  @FunctionalInterface
  interface Opener {
    ConfigurableApplicationContext open();
  }

  static final Opener CONFIGURED = () -> open(List.of());

  static ConfigurableApplicationContext open(List<String> springArgs) {
    // beside a running Sen on the embedded database, use its server (DatabaseConfiguration)
    String[] args = java.util.stream.Stream.concat(springArgs.stream(),
        java.util.stream.Stream.of("--logging.level.root=WARN", "--sen.database.attach-running=true"))
        .toArray(String[]::new);
    return new SpringApplicationBuilder(Context.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .run(args);
  }

  /** Not a {@code @Configuration}: the application's component scan must not pick it up. */
  @Import({DatabaseConfiguration.class, IdentityConfiguration.class})
  @EnableConfigurationProperties({SenProperties.class, IdentityProperties.class})
  static class Context {
    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }
}
