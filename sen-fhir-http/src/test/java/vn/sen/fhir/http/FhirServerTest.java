package vn.sen.fhir.http;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.Patient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.Issue;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * Starts {@link FhirServlet} in Jetty on 127.0.0.1 and a random port, over a fresh {@link
 * InMemoryFhirRepository}, and talks to it with java.net.http.
 */
abstract class FhirServerTest {
  static final FhirContext CONTEXT = FhirContext.forR4Cached();
  static final SearchParameterRegistry REGISTRY = new SearchParameterRegistry(CONTEXT);
  static final String REJECTED_SYSTEM = "urn:test:rejected";
  static final ObjectMapper JSON = new ObjectMapper();

  /** Refuses Patients carrying an identifier in {@link #REJECTED_SYSTEM}, as a rule violation. */
  static final WriteCheck CHECK = resource -> resource instanceof Patient p
      && p.getIdentifier().stream().anyMatch(i -> REJECTED_SYSTEM.equals(i.getSystem()))
      ? List.of(Issue.error("business-rule", "Rejected identifier system", "Patient.identifier[0].system"))
      : List.of();

  Server server;
  InMemoryFhirRepository repository;
  String base;
  final HttpClient client = HttpClient.newHttpClient();

  FhirHttpSettings settings() {
    return new FhirHttpSettings(64 * 1024, null, false);
  }

  /** Operations the servlet offers besides the built-in ones. */
  List<FhirOperation> operations() {
    return List.of();
  }

  /** The servlet as a test class sets it up further (e.g. describing security); as built by default. */
  FhirServlet configured(FhirServlet servlet) {
    return servlet;
  }

  /** The repository the servlet talks to; tests of failure handling wrap the twin. */
  FhirRepository served(InMemoryFhirRepository twin) {
    return twin;
  }

  @BeforeEach
  void startServer() throws Exception {
    IdGenerator ids = IdGenerator.random(new Random(7));
    repository = new InMemoryFhirRepository(CONTEXT, ids, Clock.systemUTC());
    SearchQueryParser parser = new SearchQueryParser(REGISTRY, Set.of());
    FhirServlet servlet = configured(
        new FhirServlet(served(repository), REGISTRY, parser, CHECK, ids, settings(), operations()));
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler handler = new ServletContextHandler();
    handler.setContextPath("/");
    handler.addServlet(new ServletHolder(servlet), "/fhir/*");
    server.setHandler(handler);
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
  }

  @AfterEach
  void stopServer() throws Exception {
    server.stop();
  }

  record Reply(int status, HttpResponse<byte[]> raw) {
    String body() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Nullable String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  Reply send(String method, String path, @Nullable String body, String... headers) {
    return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  Reply sendBytes(String method, String path, byte @Nullable [] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.replace("|", "%7C").replace(" ", "%20")))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    boolean hasContentType = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      hasContentType |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !hasContentType) {
      b.header("Content-Type", "application/fhir+json");
    }
    try {
      HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A raw HTTP/1.1 exchange for requests java.net.http refuses to build; returns status and body. */
  RawReply raw(String method, String target, String headers, byte[] body) {
    URI uri = URI.create(base);
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      String head = method + " " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n"
          + headers + "Content-Length: " + body.length + "\r\n\r\n";
      var out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      byte[] response;
      try {
        response = socket.getInputStream().readAllBytes();
      } catch (java.net.SocketException e) {
        response = new byte[0];
      }
      String text = new String(response, StandardCharsets.UTF_8);
      int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
      int split = text.indexOf("\r\n\r\n");
      return new RawReply(status, split < 0 ? "" : text.substring(split + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record RawReply(int status, String body) {}

  Reply get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  static String patient(@Nullable String id, String family) {
    return "{\"resourceType\":\"Patient\"" + (id == null ? "" : ",\"id\":\"" + id + "\"")
        + ",\"identifier\":[{\"system\":\"urn:test:mrn\",\"value\":\"" + family + "\"}]"
        + ",\"name\":[{\"family\":\"" + family + "\"}],\"gender\":\"female\"}";
  }

  /** Creates a Patient and returns its server id. */
  String createPatient(String family) {
    Reply reply = send("POST", "/Patient", patient(null, family));
    if (reply.status() != 201) {
      throw new IllegalStateException("create failed: " + reply.status() + " " + reply.body());
    }
    return reply.json().path("id").asText();
  }

  static String issueCode(Reply reply) {
    return reply.json().path("issue").path(0).path("code").asText();
  }
}
