package vn.sen.app.platform.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import vn.sen.app.SenProperties;
import vn.sen.app.platform.audit.AuditAccessRecorder;
import vn.sen.app.platform.audit.AuditEvents;
import vn.sen.app.platform.audit.CurrentAuditContext;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.access.AccessFactExtractor;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * The policy edge's beans: what counts as a care relationship or consent (the store keeps these facts at
 * write time), role permissions, sensitivity labels, the {@link PolicyEnforcingRepository} the FHIR API is
 * served from, break-glass, and the filter that binds each request's audit context.
 */
@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

  @Bean
  public AccessFactExtractor accessFacts(Clock clock) {
    return new CareAccessFacts(clock);
  }

  @Bean
  public AccessPolicy accessPolicy(SearchParameterRegistry registry) {
    return new AccessPolicy(new RolePermissions(), registry);
  }

  @Bean
  public SensitivityLabels sensitivityLabels() {
    return new SensitivityLabels();
  }

  @Bean
  public PractitionerParties practitionerParties(FhirRepository store, SearchQueryParser parser, Clock clock) {
    return new PractitionerParties(store, parser, clock);
  }

  @Bean
  public PolicyEnforcingRepository policyRepository(FhirRepository store, AccessPolicy policy,
      Supplier<Optional<AccessSubject>> subjects, PractitionerParties parties, AuditAccessRecorder recorder,
      SensitivityLabels labels, AuditEvents auditEvents, FirstEncounters firstEncounters) {
    return new PolicyEnforcingRepository(store, policy, subjects, parties, recorder, labels, auditEvents,
        firstEncounters);
  }

  @Bean
  public FirstEncounters firstEncounters(DataSource dataSource, Clock clock,
      @Value("${sen.security.match-window:PT1H}") Duration window) {
    if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("sen.security.match-window must be more than 0 and at most 24 hours");
    }
    return new FirstEncounters(dataSource, clock, window);
  }

  @Bean
  public PatientMatchOperation patientMatchOperation(FhirRepository store, PolicyEnforcingRepository edge,
      AuditAccessRecorder recorder, FirstEncounters firstEncounters, SearchQueryParser parser,
      SenProperties properties) {
    return new PatientMatchOperation(store, edge, recorder, firstEncounters, parser, () -> {
      String base = properties.publicBaseUrl();
      return (base != null ? base : ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()) + "/fhir";
    });
  }

  /** Binds each request's audit context once Spring Security has authenticated it. */
  @Bean
  public FilterRegistrationBean<AuditRequestFilter> auditRequestFilter(CurrentAuditContext contexts,
      Supplier<Optional<AccessSubject>> subjects) {
    FilterRegistrationBean<AuditRequestFilter> registration =
        new FilterRegistrationBean<>(new AuditRequestFilter(contexts, subjects));
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
    return registration;
  }

  @Bean
  public BreakGlassOperation breakGlassOperation(FhirRepository store, PolicyEnforcingRepository edge,
      AuditAccessRecorder recorder, Clock clock,
      @Value("${sen.security.break-glass-duration:PT4H}") Duration lasts) {
    if (lasts.isNegative() || lasts.isZero() || lasts.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("sen.security.break-glass-duration must be more than 0 and at most 24 hours");
    }
    return new BreakGlassOperation(store, edge, recorder, clock, lasts);
  }
}
