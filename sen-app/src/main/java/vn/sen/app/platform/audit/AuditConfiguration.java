package vn.sen.app.platform.audit;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.app.DatabaseConfiguration.SchemaMigration;
import vn.sen.app.SenProperties;
import vn.sen.fhir.core.FhirRepository;

/**
 * The audit trail's beans. The store takes {@link AuditCommitHook} as its last commit hook; the policy
 * edge takes {@link AuditAccessRecorder} and {@link AuditEvents}; the request edge binds each request's
 * {@link AuditContext} with {@link CurrentAuditContext}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
public class AuditConfiguration {
  private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

  @Bean(destroyMethod = "close")
  public AuditConnections auditConnections(DataSource dataSource) {
    return AuditConnections.beside(dataSource);
  }

  /** Closed before its connections (it depends on them): the writer moves what has been staged first. */
  @Bean(destroyMethod = "close")
  public AuditTrail auditTrail(AuditConnections connections, SchemaMigration migrated, AuditProperties properties,
      SenProperties sen, CurrentAuditContext contexts) {
    DataSource database = connections.dataSource();
    AuditJournal journal = null;
    if (properties.journal() && !properties.waitForFlush()) {
      Path dir = properties.journalDirectory(sen.dataDir());
      try {
        int moved = AuditJournal.recover(dir, database);
        if (moved > 0) {
          log.info("Audit trail: moved {} entries left in the journal of an earlier run", moved);
        }
        journal = AuditJournal.open(dir, database);
      } catch (IOException | SQLException e) {
        throw new IllegalStateException("sen.audit.journal-dir: cannot open the audit journal in " + dir + ": "
            + e.getMessage() + " (or set sen.audit.journal=false)", e);
      }
    }
    return new AuditTrail(database, properties.writeTimeout(), properties.waitForFlush(), properties.chainInterval(),
        journal, contexts::inFlight);
  }

  @Bean
  public CurrentAuditContext currentAuditContext() {
    return new CurrentAuditContext();
  }

  @Bean
  public AuditCommitHook auditCommitHook(AuditTrail trail, CurrentAuditContext context, Clock clock) {
    return new AuditCommitHook(trail, context, clock);
  }

  @Bean
  public AuditAccessRecorder auditAccessRecorder(AuditTrail trail, CurrentAuditContext context, Clock clock) {
    return new AuditAccessRecorder(trail, context, clock);
  }

  @Bean
  public AuditEvents auditEvents(DataSource dataSource, SchemaMigration migrated, FhirContext context,
      AuditTrail trail) {
    return new AuditEvents(dataSource, context, trail::flush);
  }

  /** Signs an anchor of the trail every {@code sen.audit.anchor-interval} with the key outside the database. */
  @Bean(initMethod = "start", destroyMethod = "close")
  public AuditAnchors auditAnchors(AuditConnections connections, SchemaMigration migrated,
      AuditProperties properties, SenProperties sen, Clock clock) {
    Path keyFile = properties.anchorKeyFile(sen.dataDir());
    AnchorKey key;
    try {
      key = AnchorKey.loadOrCreate(keyFile);
    } catch (IOException e) {
      throw new IllegalStateException("sen.audit.anchor-key: cannot read or create the audit anchor key "
          + keyFile + ": " + e.getMessage(), e);
    }
    if (!key.canSign()) {
      throw new IllegalStateException("sen.audit.anchor-key: " + keyFile + " holds only a public key; Sen needs the"
          + " private key to sign anchors");
    }
    return new AuditAnchors(connections.dataSource(), key, AuditAnchors.logFile(keyFile), clock,
        properties.anchorInterval());
  }

  @Bean
  public AuditVerifier auditVerifier(DataSource dataSource) {
    return new AuditVerifier(dataSource);
  }

  /**
   * Refuses to start when {@code sen.audit.retention} is shorter than the record's retention; prunes
   * daily.
   */
  @Bean(initMethod = "startDaily", destroyMethod = "close")
  public AuditRetention auditRetention(DataSource dataSource, AuditProperties properties,
      @Qualifier("fhirRepository") ObjectProvider<FhirRepository> store, Clock clock) {
    return new AuditRetention(dataSource, properties.retention(),
        id -> store.getObject().read("Patient", id).isPresent(), clock);
  }
}
