package vn.sen.app.companion.reminder;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The port that says how to reach a reminder's recipient: language and address. */
public interface Recipients {

  /** For each reference ({@code Patient/…}, {@code RelatedPerson/…}) found, how to reach it. */
  Map<String, Recipient> lookup(Collection<String> references);

  /**
   * @param language {@code vi} or {@code en}
   * @param address a phone number for SMS or Zalo gateways, when the record has one
   */
  record Recipient(String language, @Nullable String address) {
    public static final Recipient VIETNAMESE_NO_ADDRESS = new Recipient("vi", null);
  }
}
