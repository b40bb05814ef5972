package vn.sen.app.companion.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SameSiteAttribute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.Chromium;
import vn.sen.app.SenServer;

/**
 * The companion pages in a real browser: Debian's chromium driven by Playwright, on a phone-sized viewport,
 * against the whole application. What the pages record is checked through the FHIR API.
 */
@ExtendWith(SenServer.class)
class CompanionPagesTest {
  private static Chromium chromium;
  private static Browser browser;

  private SenServer.Running sen;
  private CompanionRecords records;
  private BrowserContext context;
  private Page page;
  private final List<String> consoleErrors = new ArrayList<>();

  @BeforeAll
  static void startBrowser() {
    chromium = Chromium.start();
    browser = chromium.browser();
  }

  @AfterAll
  static void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void phone(SenServer.Running running) {
    sen = running;
    records = CompanionRecords.create(sen.fhirClient());
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
        .setDeviceScaleFactor(1).setIsMobile(true).setHasTouch(true).setBaseURL(sen.baseUrl()));
    page = context.newPage();
    page.onConsoleMessage(m -> {
      // A page answered 4xx on purpose (a used link) is logged by the browser as a failed load of the page
      // itself; any other error, and any failed sub-resource, counts.
      boolean pageStatus = m.text().startsWith("Failed to load resource") && m.location().startsWith(page.url());
      if ("error".equals(m.type()) && !pageStatus) {
        consoleErrors.add(m.text() + " at " + m.location());
      }
    });
    page.onPageError(consoleErrors::add);
  }

  @AfterEach
  void noScriptErrors() {
    if (context != null) {
      context.close();
    }
    assertThat(consoleErrors).as("console errors").isEmpty();
  }

  @Test
  void patientAnswersTodaysDosesWithOneTapEach() {
    open(link(null));
    screenshot("today");
    assertThat(page.locator("h1").textContent()).isEqualTo("Thuốc hôm nay");
    assertThat(page.locator("html").getAttribute("lang")).isEqualTo("vi");
    Locator next = page.locator("section.next");
    assertThat(next.locator(".med").textContent()).isEqualTo("Amlodipin 5 mg");
    assertThat(next.locator(".why").textContent()).contains("Tăng huyết áp");
    assertThat(page.locator("ul.doses li")).satisfies(l -> assertThat(l.count()).isEqualTo(3));
    assertThat(page.locator("ul.doses").textContent()).contains("Metformin 500 mg");

    button("Đã uống").click();
    assertThat(page.locator(".notice").textContent()).contains("Đã ghi");
    List<MedicationAdministration> written = records.administrations();
    assertThat(written).hasSize(1);
    assertThat(written.getFirst().getStatus()).isEqualTo(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
    assertThat(written.getFirst().getRequest().getReference()).isEqualTo("MedicationRequest/" + records.amlodipineId());
    assertThat(written.getFirst().getPerformerFirstRep().getActor().getReference()).isEqualTo("Patient/" + records.patientId());

    // Metformin, whose purpose comes from its ATC class; skipped because the patient ran out.
    assertThat(page.locator("section.next .med").textContent()).isEqualTo("Metformin 500 mg");
    assertThat(page.locator("section.next .why").textContent()).isEqualTo("Thuốc tiểu đường");
    button("Bỏ liều").click();
    assertThat(page.locator("h1").textContent()).isEqualTo("Vì sao bỏ liều này?");
    screenshot("skip");
    button("Hết thuốc").click();
    assertThat(page.locator(".notice").textContent()).contains("bỏ liều");
    MedicationAdministration skipped = records.administrations().stream()
        .filter(a -> a.getStatus() == MedicationAdministration.MedicationAdministrationStatus.NOTDONE).findFirst().orElseThrow();
    assertThat(skipped.getStatusReasonFirstRep().getCodingFirstRep().getCode()).isEqualTo("out-of-stock");
    assertThat(skipped.getRequest().getReference()).isEqualTo("MedicationRequest/" + records.metforminId());

    // The evening dose: not yet. Nothing happened, so nothing is written, and the dose stays open.
    button("Chưa uống").click();
    assertThat(page.locator(".notice").textContent()).contains("Nhớ uống");
    assertThat(records.administrations()).hasSize(2);
    assertThat(page.locator("section.next .med").textContent()).isEqualTo("Metformin 500 mg");

    // Any open dose has its own screen with the same question; an answered one shows its answer.
    page.locator("ul.doses li.st-pending a").click();
    assertThat(page.locator("h1").textContent()).isEqualTo("Đã uống thuốc này chưa?");
    assertThat(page.locator("form.answers button").count()).isEqualTo(3);
    page.navigate("/companion/dose?id=" + written.getFirst().getIdentifierFirstRep().getValue());
    assertThat(page.locator("form.answers").count()).isZero();
    assertThat(page.locator(".notice").textContent()).isIn("Đã uống", "Uống muộn");
    page.navigate("/companion");

    page.getByText("Các ngày trước").first().click();
    screenshot("history");
    Locator today = page.locator("section.day").nth(0);
    assertThat(today.locator("li.st-skipped").textContent()).contains("Metformin 500 mg").contains("Bỏ liều");
    assertThat(today.locator("li.st-taken, li.st-late").textContent()).contains("Amlodipin 5 mg");
    assertThat(today.locator("li.st-pending").count()).isEqualTo(1);
    Locator yesterday = page.locator("section.day").nth(1);
    assertThat(yesterday.locator("li.st-missed").count()).isEqualTo(3);
    assertThat(yesterday.textContent()).contains("Lỡ liều");
    assertThat(page.locator("section.day").count()).isEqualTo(14);
  }

  @Test
  void aMessageInTheirOwnWordsIsPostedAsACommunication() {
    open(link(null));
    page.getByText("Viết cho chúng tôi").first().click();
    // An empty message is not sent; the browser's own check is bypassed to reach the server's.
    page.locator("textarea").evaluate("t => t.removeAttribute('required')");
    button("Gửi").click();
    assertThat(page.locator(".error").textContent()).contains("Hãy viết");
    assertThat(records.messages()).isEmpty();

    page.locator("textarea").fill("Sáng nay tôi thấy hơi chóng mặt sau khi uống thuốc");
    button("Gửi").click();
    assertThat(page.locator(".notice").textContent()).contains("Đã gửi");
    assertThat(records.messages()).singleElement().satisfies(c -> {
      assertThat(c.getPayloadFirstRep().getContentStringType().getValue())
          .isEqualTo("Sáng nay tôi thấy hơi chóng mặt sau khi uống thuốc");
      assertThat(c.getSender().getReference()).isEqualTo("Patient/" + records.patientId());
    });
  }

  @Test
  void englishIsOneTapAwayAndRemembered() {
    open(link(null));
    page.getByText("English").click();
    assertThat(page.locator("h1").textContent()).isEqualTo("Today's medicines");
    assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
    assertThat(button("Taken").isVisible()).isTrue();
    page.navigate("/companion/history");
    assertThat(page.locator("h1").textContent()).isEqualTo("Earlier days");
    assertThat(page.locator("section.day").nth(1).textContent()).contains("Missed");
    page.getByText("Tiếng Việt").click();
    assertThat(page.locator("h1").textContent()).isEqualTo("Các ngày trước");
  }

  @Test
  void caregiverAnswersForTheParentUntilTheConsentIsWithdrawn() {
    open(link(records.relatedPersonId()));
    assertThat(page.locator(".for").textContent()).contains("Đang xem cho").contains("Nguyễn Văn An");
    screenshot("caregiver");
    button("Đã uống").click();
    assertThat(records.administrations()).singleElement().satisfies(a ->
        assertThat(a.getPerformerFirstRep().getActor().getReference())
            .isEqualTo("RelatedPerson/" + records.relatedPersonId()));

    records.withdrawConsent();
    Response again = page.navigate("/companion");
    assertThat(again.status()).isEqualTo(403);
    assertThat(page.locator("h1").textContent()).isEqualTo("Không còn quyền xem");
    assertThat(page.locator("section[lang=en]").textContent()).contains("No longer allowed");
    assertThat(page.navigate("/companion").status()).as("the session ended").isEqualTo(200);
    assertThat(page.locator("h1").textContent()).isEqualTo("Sen đồng hành");
  }

  @Test
  void usedExpiredAndUnknownLinksGetAFriendlyPageInBothLanguages() throws Exception {
    String url = link(null);
    open(url);
    Response second = page.navigate(url);
    assertThat(second.status()).isEqualTo(410);
    assertThat(page.locator("h1").textContent()).isEqualTo("Đường dẫn này đã được dùng");
    assertThat(page.locator("section[lang=en] h2").textContent()).isEqualTo("This link was already used");
    screenshot("link-used");

    String expired = "expiredTokenForTheTest_0123456789abcdefghij";
    try (Connection c = sen.context().getBean(DataSource.class).getConnection();
         PreparedStatement ps = c.prepareStatement("INSERT INTO companion_link "
             + "(token_hash, patient_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
      ps.setBytes(1, MessageDigest.getInstance("SHA-256").digest(expired.getBytes(StandardCharsets.US_ASCII)));
      ps.setString(2, records.patientId());
      ps.setTimestamp(3, Timestamp.from(Instant.now().minus(Duration.ofDays(8))));
      ps.setTimestamp(4, Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
      ps.executeUpdate();
    }
    assertThat(page.navigate("/companion/link/" + expired).status()).isEqualTo(410);
    assertThat(page.locator("h1").textContent()).isEqualTo("Đường dẫn này đã hết hạn");
    assertThat(page.locator("section[lang=en]").textContent()).contains("This link has expired");

    assertThat(page.navigate("/companion/link/nothing-like-a-token").status()).isEqualTo(404);
    assertThat(page.navigate("/companion/link/" + "x".repeat(43)).status()).isEqualTo(404);
    assertThat(page.locator("h1").textContent()).isEqualTo("Không tìm thấy đường dẫn này");
    assertThat(sen.anonymousGet("/companion/dose?id=nope").statusCode()).as("not signed in").isEqualTo(401);
  }

  @Test
  void textIsLargeContrastIsHighAndTargetsAreBig() {
    open(link(null));
    for (String path : List.of("/companion", "/companion/history", "/companion/message")) {
      page.navigate(path);
      double smallest = ((Number) page.evaluate("""
          () => Math.min(...[...document.querySelectorAll('body *')]
            .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""")).doubleValue();
      assertThat(smallest).as("smallest text on " + path).isGreaterThanOrEqualTo(20.0);
      Double bodyContrast = contrast("main p");
      assertThat(bodyContrast).as("body text contrast on " + path).isGreaterThanOrEqualTo(7.0);
    }
    page.navigate("/companion");
    for (Locator b : page.locator("section.next button").all()) {
      assertThat(b.boundingBox().height).isGreaterThanOrEqualTo(48);
      assertThat(b.boundingBox().width).isGreaterThanOrEqualTo(300);
    }
    assertThat(contrast("button.yes")).isGreaterThanOrEqualTo(7.0);
    assertThat(contrast("button.wait")).isGreaterThanOrEqualTo(7.0);
    assertThat(contrast("button.skip")).isGreaterThanOrEqualTo(7.0);
    Cookie session = context.cookies().stream().filter(c -> c.name.equals("SEN_SESSION")).findFirst().orElseThrow();
    assertThat(session.httpOnly).isTrue();
    assertThat(session.sameSite).isEqualTo(SameSiteAttribute.LAX);
  }

  @Test
  void aFormWithoutTheSessionsTokenIsRefused() {
    open(link(null));
    String dose = page.locator("section.next input[name=id]").getAttribute("value");
    APIResponse forged = context.request().post("/companion/dose", RequestOptions.create()
        .setForm(FormData.create().set("id", dose).set("answer", "taken").set("_csrf", "forged")));
    assertThat(forged.status()).isEqualTo(403);
    APIResponse none = context.request().post("/companion/dose", RequestOptions.create()
        .setForm(FormData.create().set("id", dose).set("answer", "taken")));
    assertThat(none.status()).isEqualTo(403);
    assertThat(records.administrations()).isEmpty();
    assertThat(page.navigate("/companion/dose?id=" + records.amlodipineId() + "@2000-01-01T07:00").status())
        .isEqualTo(404);
  }

  /** A one-time link issued by the clinic, as the QR code carries it. */
  private String link(String relatedPersonId) {
    CompanionLinks links = sen.context().getBean(CompanionLinks.class);
    return sen.baseUrl() + links.issue(records.patientId(), relatedPersonId, Duration.ofHours(1)).path();
  }

  private void open(String url) {
    Response r = page.navigate(url);
    assertThat(r.status()).isEqualTo(200);
    assertThat(page.url()).endsWith("/companion");
  }

  /** Full-page pictures in target/companion-screens, for people reviewing the pages. */
  private void screenshot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
        .setPath(Path.of("target", "companion-screens", name + ".png")));
  }

  private Locator button(String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).first();
  }

  /** WCAG contrast ratio of the first element matching {@code selector} against its own or the page's background. */
  private Double contrast(String selector) {
    return ((Number) page.evaluate("""
        sel => {
          const el = document.querySelector(sel);
          const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          let bgEl = el, bg = getComputedStyle(bgEl).backgroundColor;
          while (bg === 'rgba(0, 0, 0, 0)' && bgEl.parentElement) { bgEl = bgEl.parentElement; bg = getComputedStyle(bgEl).backgroundColor; }
          if (bg === 'rgba(0, 0, 0, 0)') bg = 'rgb(255, 255, 255)';
          const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(bg));
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""", selector)).doubleValue();
  }
}
