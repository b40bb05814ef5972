package vn.sen.app.platform.identity;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * CORS for browser SMART apps ({@link CrossOrigin}): on only when {@code sen.security.cors.allowed-origins}
 * (environment {@code SEN_CORS_ALLOWED_ORIGINS}, comma-separated) names at least one origin.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class CrossOriginConfiguration {

  @Bean
  public FilterRegistrationBean<CrossOrigin> crossOrigin(
      @Value("${sen.security.cors.allowed-origins:}") List<String> configured) {
    List<String> origins = configured.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    FilterRegistrationBean<CrossOrigin> registration = new FilterRegistrationBean<>(
        new CrossOrigin(origins.isEmpty() ? List.of("http://localhost") : origins));
    registration.setEnabled(!origins.isEmpty());
    registration.setUrlPatterns(CrossOrigin.URL_PATTERNS);
    // before Spring Security: a preflight carries no token and is answered here
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
    return registration;
  }
}
