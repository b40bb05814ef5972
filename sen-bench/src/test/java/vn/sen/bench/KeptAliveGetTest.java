package vn.sen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bench's blocking client against the JDK's HTTP server and against hand-written answers. */
class KeptAliveGetTest {
  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/fhir", exchange -> {
      seen.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
          + exchange.getRequestHeaders().getFirst("Accept"));
      String path = exchange.getRequestURI().getPath();
      byte[] body = "{\"resourceType\":\"Patient\"}".repeat(path.endsWith("big") ? 5000 : 1)
          .getBytes(StandardCharsets.UTF_8);
      int status = path.endsWith("missing") ? 404 : 200;
      // length 0: chunked; otherwise a fixed Content-Length
      exchange.sendResponseHeaders(status, path.contains("chunked") ? 0 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/");
  }

  @Test
  void getsFixedLengthAndChunkedAnswersOnOneConnection() throws IOException {
    URI base = serve();
    try (KeptAliveGet get = new KeptAliveGet(() -> "tok")) {
      assertThat(get.get(base.resolve("Patient/1"), "application/fhir+json")).isEqualTo(200);
      assertThat(get.get(base.resolve("Patient?name=nguy%E1%BB%85n&_count=5"), "application/fhir+json"))
          .isEqualTo(200);
      assertThat(get.get(base.resolve("chunked/big"), "application/fhir+json")).isEqualTo(200);
      assertThat(get.get(base.resolve("chunked/small"), "application/fhir+json")).isEqualTo(200);
      assertThat(get.get(base.resolve("big"), "application/fhir+json")).isEqualTo(200);
      assertThat(get.get(base.resolve("missing"), "application/fhir+json")).isEqualTo(404);
      assertThat(get.exchangesOnConnection()).isEqualTo(6);
    }
    assertThat(seen).first().isEqualTo("/fhir/Patient/1 Bearer tok application/fhir+json");
    assertThat(seen.get(1)).startsWith("/fhir/Patient?name=nguy%E1%BB%85n&_count=5 ");
  }

  @Test
  void aConnectionTheServerClosedIsReopenedOnce() throws Exception {
    String keptAlive = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    try (ServerSocket listener = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
        KeptAliveGet get = new KeptAliveGet(null)) {
      // each connection answers one request and is closed, though the answer said nothing of closing
      Thread t = Thread.ofVirtual().start(() -> {
        answerOnce(listener, keptAlive);
        answerOnce(listener, keptAlive);
      });
      URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/x");
      assertThat(get.get(uri, "*/*")).isEqualTo(200);
      assertThat(get.exchangesOnConnection()).isEqualTo(1);
      assertThat(get.get(uri, "*/*")).isEqualTo(200);
      assertThat(get.exchangesOnConnection()).as("sent again on a new connection").isEqualTo(1);
      t.join();
      listener.close();
      assertThatThrownBy(() -> get.get(uri, "*/*")).as("no server any more: the fresh connection fails")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void answersWithoutLengthOrWithConnectionCloseEndTheConnection() throws Exception {
    String noLength = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end";
    String closing = "HTTP/1.1 503 Busy\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy";
    String chunkedWithTrailer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n0\r\n"
        + "X-Trailer: yes\r\n\r\n";
    for (String answer : List.of(noLength, closing, chunkedWithTrailer)) {
      try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          KeptAliveGet get = new KeptAliveGet(null)) {
        Thread t = Thread.ofVirtual().start(() -> answerOnce(listener, answer));
        int status = get.get(URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/x"), "*/*");
        t.join();
        assertThat(status).isEqualTo(answer.equals(closing) ? 503 : 200);
        assertThat(get.exchangesOnConnection()).isEqualTo(answer.equals(chunkedWithTrailer) ? 1 : 0);
      }
    }
  }

  @Test
  void malformedAnswersAreErrorsNotStatuses() throws Exception {
    for (String answer : List.of("SMTP ready\r\n\r\n", "HTTP/1.1 2xx OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")) {
      try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
          KeptAliveGet get = new KeptAliveGet(null)) {
        Thread t = Thread.ofVirtual().start(() -> answerOnce(listener, answer));
        assertThatThrownBy(() -> get.get(URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/x"), "*/*"))
            .as(answer).isInstanceOf(IOException.class);
        t.join();
      }
    }
    assertThatThrownBy(() -> new KeptAliveGet(null).get(URI.create("https://127.0.0.1/x"), "*/*"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ProtocolException("x")).isInstanceOf(IOException.class);
  }

  /** Reads one request's head, writes the answer, closes the connection. */
  private static void answerOnce(ServerSocket listener, String answer) {
    try (Socket s = listener.accept()) {
      InputStream in = s.getInputStream();
      int state = 0;
      while (state < 4) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
      }
      s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
    } catch (IOException e) {
      // the test sees what the client made of it
    }
  }
}
