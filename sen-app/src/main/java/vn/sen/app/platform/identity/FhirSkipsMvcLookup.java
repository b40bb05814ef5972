package vn.sen.app.platform.identity;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Keeps Spring MVC's handler lookup off the FHIR API. Spring Security wraps every request in Spring MVC's
 * {@link HandlerMappingIntrospector} cache filter, which asks each of Spring MVC's handler mappings for the
 * request's handler, so that MVC-based request matchers and CORS sources can reuse the answer. Requests to
 * {@code /fhir/*} are served by the FHIR servlet, not by Spring MVC, so the lookup finds nothing there, and
 * Sen's matchers are path patterns and its CORS filter its own ({@link CrossOrigin}): nothing would use the
 * answer. The lookup was a fifth of a FHIR read's request-thread CPU (JFR, docs/benchmarks.md). Pages,
 * which Spring MVC serves, keep the cache.
 *
 * <p>Spring offers no switch for this, so the introspector bean is swapped, before its initialisation,
 * for a subclass whose cache filter lets FHIR requests through untouched.
 */
final class FhirSkipsMvcLookup implements BeanPostProcessor, ApplicationContextAware {
  static final String INTROSPECTOR = "mvcHandlerMappingIntrospector";

  private ApplicationContext context;

  @Override
  public void setApplicationContext(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String name) {
    if (!INTROSPECTOR.equals(name) || bean.getClass() != HandlerMappingIntrospector.class) {
      return bean;
    }
    Introspector swapped = new Introspector();
    swapped.setApplicationContext(context); // the factory then initialises the returned bean
    return swapped;
  }

  /** True for requests the FHIR servlet serves (it is mapped to {@code /fhir/*}). */
  static boolean fhir(HttpServletRequest request) {
    return "/fhir".equals(request.getServletPath());
  }

  static final class Introspector extends HandlerMappingIntrospector {
    @Override
    public Filter createCacheFilter() {
      Filter cache = super.createCacheFilter();
      return (request, response, chain) -> {
        if (request instanceof HttpServletRequest http && fhir(http)) {
          chain.doFilter(request, response);
        } else {
          cache.doFilter(request, response, chain);
        }
      };
    }
  }
}
