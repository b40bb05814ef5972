package vn.sen.app.companion.web;

import jakarta.servlet.SessionTrackingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.server.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.app.SenProperties;
import vn.sen.app.companion.CompanionStore;
import vn.sen.app.platform.policy.AccessSubject;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.http.FhirOperation;

/**
 * Wiring of the companion pages: the one-time links and their FHIR operation, and the default adapters
 * of the pages' ports, which give way to the companion modules' own {@link CompanionData} and to the
 * identity module's {@link CompanionViewer}.
 */
@Configuration(proxyBeanMethods = false)
public class CompanionWebConfiguration {


  @Bean
  CaregiverConsents companionCaregiverConsents(CompanionStore companionStore, Clock clock) {
    return new CaregiverConsents(companionStore, clock);
  }

  @Bean
  public CompanionLinks companionLinks(DataSource dataSource, CompanionStore companionStore,
      CaregiverConsents companionCaregiverConsents, Clock clock) {
    return new CompanionLinks(dataSource, companionStore, companionCaregiverConsents, clock, new SecureRandom());
  }

  /** {@code Patient/{id}/$companion-link}. */
  @Bean
  public FhirOperation companionLinkOperation(CompanionLinks companionLinks, SenProperties properties) {
    return new CompanionLinkOperation(companionLinks, properties.publicBaseUrl());
  }

  @Bean
  @ConditionalOnMissingBean(CompanionData.class)
  public CompanionData storeCompanionData(CompanionStore companionStore, WriteCheck writeCheck, Clock clock,
      ObjectProvider<DoseCalendar> calendar) {
    return new StoreCompanionData(companionStore, writeCheck, clock,
        calendar.getIfAvailable(() -> DoseCalendar.timingOnly(StoreCompanionData.VIETNAM)));
  }

  /** One-time links first, then a patient or caregiver signed in through Sen's own sign-in. */
  @Bean
  @ConditionalOnMissingBean(CompanionViewer.class)
  public CompanionViewer sessionCompanionViewer(CaregiverConsents companionCaregiverConsents,
      Supplier<Optional<AccessSubject>> subjects, CompanionStore companionStore) {
    return new SignedInCompanionViewer(new SessionCompanionViewer(companionCaregiverConsents), subjects,
        companionStore, companionCaregiverConsents);
  }

  /**
   * The session cookie is SameSite=Lax: a link from elsewhere (an SMS, a QR code) still opens the pages,
   * a cross-site form post carries no session.
   */
  @Bean
  public CookieSameSiteSupplier companionSessionCookieSameSite() {
    return CookieSameSiteSupplier.ofLax().whenHasName("SEN_SESSION");
  }

  /**
   * Sessions live in an HttpOnly cookie only, never in URLs: a {@code ;jsessionid=} in an address would be
   * shared along with it (a screenshot, a forwarded link, a Referer).
   */
  @Bean
  public ServletContextInitializer companionSessionCookieOnly() {
    return servletContext -> {
      servletContext.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE));
      servletContext.getSessionCookieConfig().setHttpOnly(true);
    };
  }
}
