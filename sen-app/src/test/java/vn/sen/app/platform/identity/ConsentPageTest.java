package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * An app's consent page in a real browser (Debian's chromium): a patient signs in through the app's
 * authorization request, sees in Vietnamese what it asks for (nothing ticked beforehand), ticks two of the
 * three scopes and allows; the token the app gets carries only what was ticked. Then the patient withdraws the
 * grant on their apps page, and finds both on "who looked at my record".
 */
@ExtendWith(SenServer.class)
class ConsentPageTest extends ChromiumPages {
  /** Never reached: the test reads the request the browser is sent to make. */
  private static final String REDIRECT = "https://nhat-ky.example/callback";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aPatientTicksWhatTheyGrantAndTheAppGetsOnlyThat(SenServer.Running sen) throws Exception {
    sen.createUser("bn-lien", "patient password 4", Set.of("patient"), "Patient/pt-lien", null, "pt-lien");
    sen.context().getBean(OAuthClients.class).add(new OAuthClients.NewClient("nhat-ky-app",
        Set.of("openid", "fhirUser", "patient/*.rs", "patient/Observation.c"), true, List.of(REDIRECT), null, true,
        "Nhật ký sức khỏe"));
    String verifier = "browser-consent-verifier-0123456789-abcdefghijk";
    String authorize = BrowserAuthorization.authorizeUrl(sen, "nhat-ky-app", REDIRECT,
        "openid fhirUser patient/*.rs patient/Observation.c", "b-7", verifier);
    List<String> consoleErrors = new ArrayList<>();

    try (BrowserContext context = chromium.browser().newContext()) {
      Page page = context.newPage();
      watch(page, consoleErrors);
      page.navigate(authorize);
      assertThat(page.url()).endsWith("/auth/login");
      page.getByLabel("Tên đăng nhập").fill("bn-lien");
      page.getByLabel("Mật khẩu").fill("patient password 4");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Đăng nhập")).click();

      page.waitForURL("**/auth/consent**");
      assertThat(page.locator("h2").textContent()).isEqualTo("Ứng dụng Nhật ký sức khỏe xin quyền truy cập");
      assertThat(page.locator("main").textContent()).contains("nhat-ky-app");
      // consent is never pre-ticked (Law 91/2025): the patient ticks what they grant
      assertThat(page.getByRole(AriaRole.CHECKBOX).all()).hasSize(3)
          .allSatisfy(box -> assertThat(box.isChecked()).isFalse());
      page.getByLabel("Xem, tìm kiếm mọi loại dữ liệu trong hồ sơ bệnh nhân của bạn").check();
      page.getByLabel("Biết bạn là ai trong Sen").check();
      page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
          .setPath(Path.of("target", "identity-screens", "consent.png")));
      // the browser is sent on to the app's redirect URI (which does not exist: the request is what counts)
      Request toApp = page.waitForRequest(r -> r.url().startsWith(REDIRECT),
          () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cho phép")).click());
      Map<String, String> query = BrowserAuthorization.query(toApp.url());
      assertThat(query.get("state")).isEqualTo("b-7");

      HttpResponse<String> token = BrowserAuthorization.exchange(sen, query.get("code"), REDIRECT, "nhat-ky-app",
          verifier);
      assertThat(token.statusCode()).isEqualTo(200);
      String access = JSON.readTree(token.body()).path("access_token").asText();
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(access.split("\\.")[1]));
      assertThat(claims.path("scope").toString()).contains("patient/*.rs", "fhirUser")
          .doesNotContain("Observation.c");

      // the patient's apps page lists the grant; withdrawing it takes one button (in a second tab of the same
      // session: the first is still failing to reach the app's made-up host)
      Page apps = context.newPage();
      watch(apps, consoleErrors);
      apps.navigate(sen.baseUrl() + "/auth/apps");
      assertThat(apps.locator("main").textContent()).contains("Nhật ký sức khỏe", "Biết bạn là ai trong Sen")
          .doesNotContain("Thêm mới dữ liệu loại Observation");
      apps.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thu hồi quyền của Nhật ký sức khỏe")).click();
      apps.waitForURL("**/auth/apps?withdrawn=**");
      assertThat(apps.getByRole(AriaRole.STATUS).textContent()).startsWith("Đã thu hồi quyền của Nhật ký sức khỏe");
      assertThat(apps.locator("main").textContent()).contains("Bạn chưa cho phép ứng dụng nào.");

      // both show on the patient's "who looked at my record"
      apps.navigate(sen.baseUrl() + "/me/access");
      assertThat(apps.locator("table.access tbody tr").allTextContents())
          .anySatisfy(row -> assertThat(row).contains("Cho phép một ứng dụng truy cập", "client nhat-ky-app"))
          .anySatisfy(row -> assertThat(row).contains("Thu hồi quyền của một ứng dụng", "client nhat-ky-app"));
      apps.screenshot(new Page.ScreenshotOptions().setFullPage(true)
          .setPath(Path.of("target", "identity-screens", "who-looked.png")));
    }
    assertThat(consoleErrors).as("console errors").isEmpty();
  }

  private static void watch(Page page, List<String> consoleErrors) {
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type()) && !m.location().startsWith(REDIRECT)) {
        consoleErrors.add(m.text() + " at " + m.location());
      }
    });
  }
}
