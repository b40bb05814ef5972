package vn.sen.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The measured phases' client: HTTP/1.1 GETs, one at a time, on one kept-alive connection, blocking, on
 * the calling thread. A load generator on the same two cores as the server takes CPU from it: the JDK's
 * {@code java.net.http} client (asynchronous, a selector thread and hand-overs for every exchange) used a
 * third of the bench process's CPU in the read phase, this one a small part of that (docs/benchmarks.md).
 * It reads every answer whole (fixed length, chunked, or to the end of the connection) and discards it.
 * A kept-alive connection the server has closed meanwhile is reopened once, and the GET sent again.
 */
final class KeptAliveGet implements Closeable {
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 120_000;
  private static final int MAX_LINE = 64 * 1024;

  private final @Nullable Supplier<String> tokens;
  private final byte[] skip = new byte[16 * 1024];
  private final StringBuilder line = new StringBuilder(128);
  private @Nullable Socket socket;
  private @Nullable InputStream in;
  private @Nullable OutputStream out;
  private @Nullable String connectedTo;
  private int exchanges;

  /** @param tokens the bearer token for each request, or null to send none */
  KeptAliveGet(@Nullable Supplier<String> tokens) {
    this.tokens = tokens;
  }

  /** Sends {@code GET uri}, reads the whole answer, and returns its status code. */
  int get(URI uri, String accept) throws IOException {
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("only http:// URLs with a host, was " + uri);
    }
    String authority = uri.getHost() + ":" + port(uri);
    if (!authority.equals(connectedTo)) {
      close();
    }
    byte[] request = request(uri, accept);
    boolean fresh = socket == null;
    try {
      return exchange(uri, authority, request);
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      return exchange(uri, authority, request); // the server closed the idle connection: once more, anew
    }
  }

  private int exchange(URI uri, String authority, byte[] request) throws IOException {
    if (socket == null) {
      Socket s = new Socket();
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(uri.getHost(), port(uri)), CONNECT_TIMEOUT_MS);
      s.setSoTimeout(READ_TIMEOUT_MS);
      socket = s;
      in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
      out = s.getOutputStream();
      connectedTo = authority;
      exchanges = 0;
    }
    out.write(request);
    out.flush();
    exchanges++;
    return response();
  }

  private byte[] request(URI uri, String accept) {
    StringBuilder r = new StringBuilder(256).append("GET ")
        .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      r.append('?').append(uri.getRawQuery());
    }
    r.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(port(uri))
        .append("\r\nAccept: ").append(accept).append("\r\n");
    if (tokens != null) {
      r.append("Authorization: Bearer ").append(tokens.get()).append("\r\n");
    }
    return r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private int response() throws IOException {
    int status;
    do {
      String statusLine = readLine();
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new ProtocolException("not an HTTP/1.x status line");
      }
      try {
        status = Integer.parseInt(statusLine.substring(9, 12));
      } catch (NumberFormatException e) {
        throw new ProtocolException("no status code in the status line");
      }
      boolean informational = status >= 100 && status < 200;
      long length = -1;
      boolean chunked = false;
      boolean closes = statusLine.startsWith("HTTP/1.0");
      for (String h = readLine(); !h.isEmpty(); h = readLine()) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw new ProtocolException("a header line without a name");
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
          case "content-length" -> length = contentLength(value);
          case "transfer-encoding" -> chunked = value.endsWith("chunked");
          case "connection" -> closes = value.contains("close") || (closes && !value.contains("keep-alive"));
          default -> { }
        }
      }
      if (informational) {
        continue;
      }
      if (status == 204 || status == 304) {
        length = 0;
      }
      if (chunked) {
        skipChunks();
      } else if (length >= 0) {
        skipExactly(length);
      } else {
        skipToEnd();
        closes = true;
      }
      if (closes) {
        close();
      }
      return status;
    } while (true);
  }

  private static long contentLength(String value) throws ProtocolException {
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new ProtocolException("a negative Content-Length");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ProtocolException("a Content-Length that is not a number");
    }
  }

  private void skipChunks() throws IOException {
    while (true) {
      String size = readLine();
      int semicolon = size.indexOf(';');
      long n;
      try {
        n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("a chunk size that is not hexadecimal");
      }
      if (n < 0) {
        throw new ProtocolException("a negative chunk size");
      }
      if (n == 0) {
        while (!readLine().isEmpty()) {
          // trailers
        }
        return;
      }
      skipExactly(n);
      if (!readLine().isEmpty()) {
        throw new ProtocolException("a chunk longer than its size");
      }
    }
  }

  private void skipExactly(long n) throws IOException {
    while (n > 0) {
      int r = in.read(skip, 0, (int) Math.min(skip.length, n));
      if (r < 0) {
        throw new EOFException("the answer ended early");
      }
      n -= r;
    }
  }

  private void skipToEnd() throws IOException {
    while (in.read(skip) >= 0) {
      // to the end of the connection
    }
  }

  /** One line without its CRLF (or bare LF), as ISO-8859-1. */
  private String readLine() throws IOException {
    line.setLength(0);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection closed in the middle of an answer");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new ProtocolException("a line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
  }

  /** Requests sent on the current connection (for tests of reuse). */
  int exchangesOnConnection() {
    return exchanges;
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : 80;
  }

  @Override
  public void close() {
    Socket s = socket;
    socket = null;
    in = null;
    out = null;
    connectedTo = null;
    exchanges = 0;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
