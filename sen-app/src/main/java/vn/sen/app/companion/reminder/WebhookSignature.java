package vn.sen.app.companion.reminder;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on outbound webhooks: {@code Sen-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." +
 * body)>} with {@code Sen-Timestamp: <unix seconds>}. A gateway recomputes it over the raw body bytes,
 * compares in constant time and refuses timestamps more than a few minutes old (replay).
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "Sen-Signature";
  public static final String TIMESTAMP_HEADER = "Sen-Timestamp";
  public static final String ID_HEADER = "Sen-Webhook-Id";
  private static final String VERSION = "v1=";

  private final byte[] secret;

  public WebhookSignature(String secret) {
    if (secret.length() < 16) {
      throw new IllegalArgumentException("a webhook secret needs at least 16 characters");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The header value for {@code body} sent at {@code epochSeconds}. */
  public String sign(long epochSeconds, byte[] body) {
    return VERSION + HexFormat.of().formatHex(mac(epochSeconds, body));
  }

  /** What a receiver does: true when {@code header} is this secret's signature of the timestamp and body. */
  public boolean verify(String header, long epochSeconds, byte[] body) {
    if (!header.startsWith(VERSION)) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(VERSION.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, mac(epochSeconds, body));
  }

  private byte[] mac(long epochSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
