package vn.sen.app.platform;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Page language: Vietnamese unless the user chose English with {@code ?lang=en} (remembered in a
 * cookie). Messages live in {@code messages.properties} (Vietnamese) and {@code messages_en.properties}.
 */
@Configuration(proxyBeanMethods = false)
public class LanguageConfiguration implements WebMvcConfigurer {
  public static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

  @Bean
  public LocaleResolver localeResolver() {
    CookieLocaleResolver resolver = new CookieLocaleResolver("sen-lang");
    resolver.setDefaultLocale(VIETNAMESE);
    resolver.setCookieMaxAge(Duration.ofDays(365));
    return resolver;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor change = new LocaleChangeInterceptor();
    change.setParamName("lang");
    change.setIgnoreInvalidLocale(true);
    registry.addInterceptor(change);
  }
}
