package vn.sen.app.platform.identity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import vn.sen.app.Chromium;

/** One Chromium (Debian's, which ./sen test installs) for all tests of a class of sign-in page tests. */
abstract class ChromiumPages {
  static Chromium chromium;

  @BeforeAll
  static void startBrowser() {
    chromium = Chromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }
}
