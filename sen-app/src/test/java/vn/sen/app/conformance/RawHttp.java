package vn.sen.app.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import vn.sen.app.SenServer;

/**
 * HTTP/1.1 written by hand, one connection per request: sends request targets and headers that
 * {@link java.net.http.HttpClient} refuses to build (raw {@code |}, malformed percent escapes, odd
 * methods), and reads the whole answer, de-chunked.
 */
final class RawHttp {
  /** Status, lower-cased headers and body bytes of one answer. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final @Nullable String bearerToken;

  /** Requests carry the test harness's system token unless they set their own Authorization header. */
  RawHttp(String host, int port) {
    this(host, port, SenServer.get().systemToken());
  }

  RawHttp(String host, int port, @Nullable String bearerToken) {
    this.host = host;
    this.port = port;
    this.bearerToken = bearerToken;
  }

  /** Requests without any token. */
  static RawHttp unauthenticated(String host, int port) {
    return new RawHttp(host, port, null);
  }

  Answer send(String method, String target, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append(':').append(port).append("\r\n")
        .append("Connection: close\r\n");
    if (bearerToken != null && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
      head.append("Authorization: Bearer ").append(bearerToken).append("\r\n");
    }
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(120_000);
      var out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // The server may answer (413, 400) and close before reading a large body; read that answer.
      }
      return read(socket.getInputStream(), method.equals("HEAD"));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + abbreviate(target) + " failed", e);
    }
  }

  private static Answer read(InputStream in, boolean head) throws IOException {
    byte[] all;
    try {
      all = in.readAllBytes();
    } catch (IOException e) {
      throw new IOException("no complete answer", e);
    }
    int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (end < 0) {
      throw new IOException("answer without a header end: " + all.length + " bytes");
    }
    String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    if (!head && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(status, headers, head ? new byte[0] : body);
  }

  private static byte[] dechunk(byte[] chunked) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (true) {
      int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, pos);
      if (lineEnd < 0) {
        throw new IOException("truncated chunked body");
      }
      String size = new String(chunked, pos, lineEnd - pos, StandardCharsets.US_ASCII).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, n);
      pos = lineEnd + 2 + n + 2;
    }
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
  }
}
