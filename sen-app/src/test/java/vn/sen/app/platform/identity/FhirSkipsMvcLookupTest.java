package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/** FHIR requests pass the handler-lookup cache untouched; pages still get it. */
class FhirSkipsMvcLookupTest {

  @Test
  void onlySpringMvcsIntrospectorIsSwapped() {
    FhirSkipsMvcLookup lookup = new FhirSkipsMvcLookup();
    HandlerMappingIntrospector plain = new HandlerMappingIntrospector();
    assertThat(lookup.postProcessBeforeInitialization(plain, FhirSkipsMvcLookup.INTROSPECTOR))
        .isInstanceOf(FhirSkipsMvcLookup.Introspector.class);
    assertThat(lookup.postProcessBeforeInitialization(plain, "anotherIntrospector")).isSameAs(plain);
    Object other = new Object();
    assertThat(lookup.postProcessBeforeInitialization(other, FhirSkipsMvcLookup.INTROSPECTOR)).isSameAs(other);
  }

  @Test
  void fhirRequestsSkipTheLookupAndPagesKeepIt() throws Exception {
    GenericWebApplicationContext context = new GenericWebApplicationContext();
    context.refresh();
    FhirSkipsMvcLookup lookup = new FhirSkipsMvcLookup();
    lookup.setApplicationContext(context);
    HandlerMappingIntrospector introspector = (HandlerMappingIntrospector)
        lookup.postProcessBeforeInitialization(new HandlerMappingIntrospector(), FhirSkipsMvcLookup.INTROSPECTOR);
    introspector.afterPropertiesSet();
    Filter filter = introspector.createCacheFilter();

    assertThat(cachedDuringChain(filter, "/fhir", "/Patient/1")).isEmpty();
    assertThat(cachedDuringChain(filter, "/fhir", null)).isEmpty();
    assertThat(cachedDuringChain(filter, "", "/patients/1")).isNotEmpty();
    assertThat(cachedDuringChain(filter, "/fhirx", null)).isNotEmpty();
    context.close();
  }

  /** The request attributes the introspector's cache put there, as seen by the next filter. */
  private static List<String> cachedDuringChain(Filter filter, String servletPath, String pathInfo) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", servletPath + (pathInfo == null ? "" : pathInfo));
    request.setServletPath(servletPath);
    request.setPathInfo(pathInfo);
    AtomicReference<List<String>> seen = new AtomicReference<>();
    filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set(
        Collections.list(req.getAttributeNames()).stream().filter(n -> n.contains("HandlerMappingIntrospector")).toList()));
    assertThat(seen.get()).as("the chain went on").isNotNull();
    return seen.get();
  }
}
