package vn.sen.app.platform.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit trail settings (docs/audit.md).
 *
 * @param retention how long entries are kept ({@code sen.audit.retention}, ISO-8601 period, default
 *     {@code P10Y}); refused if shorter than the record's retention ({@link AuditRetention#RECORD_RETENTION})
 * @param writeTimeout how long a request waits for its access to be recorded before it fails
 * @param waitForFlush whether reads wait for their audit entries to reach the disk
 *     ({@code sen.audit.wait-for-flush}, default false: entries are committed before the answer leaves, but
 *     PostgreSQL flushes them a fraction of a second later; see docs/audit.md)
 * @param anchorKey the file of the key that signs anchors ({@code sen.audit.anchor-key}; default
 *     {@code audit-anchor-key.pem} in the data directory, created on first start; docs/audit.md, "Signed anchors")
 * @param anchorInterval how often Sen signs an anchor of the trail ({@code sen.audit.anchor-interval}, default
 *     one hour; zero for never)
 * @param journal whether a request served alone appends its read entry to a local journal rather than waiting
 *     for a round trip to the database ({@code sen.audit.journal}, default true; docs/audit.md, "The journal")
 * @param journalDir the journal's directory ({@code sen.audit.journal-dir}; default {@code audit-journal} in the
 *     data directory)
 * @param chainInterval how often the trail's writer moves staged and journaled entries onto the chain
 *     ({@code sen.audit.chain-interval}, default 100 ms; at most a minute)
 */
@ConfigurationProperties("sen.audit")
public record AuditProperties(
    @DefaultValue("P10Y") Period retention,
    @DefaultValue("10s") Duration writeTimeout,
    @DefaultValue("false") boolean waitForFlush,
    @Nullable Path anchorKey,
    @DefaultValue("PT1H") Duration anchorInterval,
    @DefaultValue("true") boolean journal,
    @Nullable Path journalDir,
    @DefaultValue("100ms") Duration chainInterval) {

  public AuditProperties {
    if (chainInterval.isNegative() || chainInterval.isZero() || chainInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("sen.audit.chain-interval must be more than 0 and at most a minute");
    }
  }

  /** The anchor key's file: as configured, else in the data directory. */
  public Path anchorKeyFile(Path dataDir) {
    return anchorKey != null ? anchorKey : dataDir.resolve("audit-anchor-key.pem");
  }

  /** The journal's directory: as configured, else in the data directory. */
  public Path journalDirectory(Path dataDir) {
    return journalDir != null ? journalDir : dataDir.resolve("audit-journal");
  }
}
