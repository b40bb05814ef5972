package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * The patient picker of a SMART standalone launch in a real browser (Debian's chromium): a doctor opens an
 * app that asks for {@code launch/patient}, signs in, finds in Vietnamese the patients they care for, picks
 * one, and the app's token names that patient.
 */
@ExtendWith(SenServer.class)
class LaunchPatientPageTest extends ChromiumPages {
  /** Never reached: the test reads the request the browser is sent to make. */
  private static final String REDIRECT = "https://bieu-do.example/callback";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aDoctorPicksAPatientTheyCareForAndTheAppIsLaunchedForThem(SenServer.Running sen) throws Exception {
    String run = Long.toString(System.nanoTime(), 36);
    IGenericClient system = sen.fhirClient();
    for (String given : List.of("Hoa", "Minh")) {
      Patient p = new Patient();
      p.setId("lp-" + given.toLowerCase() + "-" + run);
      p.addName().setFamily("Nguyễn" + run).addGiven(given);
      system.update().resource(p).execute();
      Encounter e = new Encounter();
      e.setStatus(Encounter.EncounterStatus.INPROGRESS);
      e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
      e.setSubject(new Reference("Patient/" + p.getIdPart()));
      e.setServiceProvider(new Reference("Organization/bv-lp-" + run));
      system.create().resource(e).execute();
    }
    sen.createUser("bs-lp-" + run, "doctor password 5", Set.of("doctor"), "Practitioner/pr-lp-" + run,
        "Organization/bv-lp-" + run, null);
    sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("bieu-do-" + run,
        Set.of("openid", "launch/patient", "patient/*.rs"), true, List.of(REDIRECT)));
    String verifier = "browser-launch-verifier-0123456789-abcdefghijk";
    String authorize = BrowserAuthorization.authorizeUrl(sen, "bieu-do-" + run, REDIRECT,
        "openid launch/patient patient/*.rs", "l-9", verifier);
    List<String> consoleErrors = new ArrayList<>();

    try (BrowserContext context = chromium.browser().newContext()) {
      Page page = context.newPage();
      page.onConsoleMessage(m -> {
        if ("error".equals(m.type()) && !m.location().startsWith(REDIRECT)) {
          consoleErrors.add(m.text() + " at " + m.location());
        }
      });
      page.navigate(authorize);
      page.getByLabel("Tên đăng nhập").fill("bs-lp-" + run);
      page.getByLabel("Mật khẩu").fill("doctor password 5");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Đăng nhập")).click();

      page.waitForURL("**/auth/launch-patient**");
      assertThat(page.locator("h2").textContent()).contains("sẽ làm việc với hồ sơ của bệnh nhân nào");
      page.getByLabel("Tên hoặc số định danh").fill("Nguyễn" + run);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Tìm")).click();
      page.waitForURL("**q=**");
      assertThat(page.locator("ul.choices li").allTextContents())
          .anySatisfy(t -> assertThat(t).contains("Hoa"))
          .anySatisfy(t -> assertThat(t).contains("Minh"))
          .hasSize(2);
      page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
          .setPath(Path.of("target", "identity-screens", "launch-patient.png")));
      Request toApp = page.waitForRequest(r -> r.url().startsWith(REDIRECT),
          () -> page.locator("ul.choices li button", new Page.LocatorOptions().setHasText("Minh")).click());
      Map<String, String> query = BrowserAuthorization.query(toApp.url());
      assertThat(query.get("state")).isEqualTo("l-9");

      HttpResponse<String> token = BrowserAuthorization.exchange(sen, query.get("code"), REDIRECT, "bieu-do-" + run,
          verifier);
      assertThat(token.statusCode()).isEqualTo(200);
      JsonNode answer = JSON.readTree(token.body());
      assertThat(answer.path("patient").asText()).isEqualTo("lp-minh-" + run);
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(
          answer.path("access_token").asText().split("\\.")[1]));
      assertThat(claims.path("patient").asText()).isEqualTo("lp-minh-" + run);
    }
    assertThat(consoleErrors).as("console errors").isEmpty();
  }
}
