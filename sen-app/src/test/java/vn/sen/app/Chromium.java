package vn.sen.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's chromium driven by Playwright, for the tests of pages. The driver comes inside the playwright jar
 * (driver-bundle); {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD} stops it from downloading browsers of its own.
 */
public final class Chromium implements AutoCloseable {
  public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
  private final Playwright playwright;
  private final Browser browser;

  private Chromium() {
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(EXECUTABLE).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }

  /** Starts the browser; skips the test class when chromium is missing. */
  public static Chromium start() {
    Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE),
        "SKIPPED: /usr/bin/chromium is missing (./sen test installs it with apt-get when run as root; "
            + "install it with: apt-get install chromium)");
    return new Chromium();
  }

  public Browser browser() {
    return browser;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
