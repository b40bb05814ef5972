package vn.sen.app;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Sen's configuration, read from the environment (see README.md, "Configuration"; the mapping from
 * {@code SEN_*} variables is in {@code application.properties}). Port and bind address are Spring's own
 * {@code server.port} and {@code server.address}.
 *
 * @param dataDir folder for the embedded PostgreSQL and other local state ({@code SEN_DATA_DIR})
 * @param database an external PostgreSQL; when its URL is blank Sen starts the embedded one
 * @param maxPayload largest request body accepted ({@code SEN_MAX_PAYLOAD})
 * @param baseUrl public base URL when Sen runs behind a proxy ({@code SEN_BASE_URL}), or blank
 * @param demo whether Sen was started by {@code ./sen demo}
 */
@ConfigurationProperties("sen")
public record SenProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue Database database,
    @DefaultValue("20MB") DataSize maxPayload,
    @DefaultValue("") String baseUrl,
    @DefaultValue("false") boolean demo) {

  /** Connection to an external PostgreSQL ≥ 15 ({@code SEN_DATABASE_URL}, {@code _USER}, {@code _PASSWORD}). */
  public record Database(
      @DefaultValue("") String url, @DefaultValue("") String user, @DefaultValue("") String password) {

    public boolean external() {
      return !url.isBlank();
    }
  }

  /** The public base URL without a trailing slash, if configured. */
  public @Nullable String publicBaseUrl() {
    if (baseUrl.isBlank()) {
      return null;
    }
    return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }
}
