package vn.sen.app.platform;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat refuses before any of Sen's code runs (a malformed request line, an illegal character,
 * a request line too long) get Sen's own answers instead of Tomcat's HTML report: an OperationOutcome
 * under {@code /fhir} and for requests whose path could not be read, a short bilingual page elsewhere.
 * Neither names the server software or echoes the request.
 */
@Component
public class ContainerErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
        host.setErrorReportValveClass(SenErrorReportValve.class.getName());
      }
    });
  }

  /** Tomcat's last-resort error report, in Sen's formats. */
  public static class SenErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      String uri = request.getRequestURI();
      boolean fhir = uri == null || uri.isEmpty() || uri.startsWith("/fhir");
      try {
        response.setCharacterEncoding("UTF-8");
        Writer out = response.getReporter();
        if (out == null) {
          return;
        }
        if (fhir) {
          response.setContentType("application/fhir+json");
          String code = status == 404 ? "not-found" : status == 413 ? "too-long" : status >= 500 ? "exception" : "invalid";
          out.write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
              + code + "\",\"diagnostics\":\"" + message(status) + "\"}]}");
        } else {
          response.setContentType("text/html");
          out.write("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Sen</title>"
              + "<body style=\"font:20px/1.5 sans-serif;margin:2em\"><h1>Không thể xử lý yêu cầu</h1>"
              + "<p>The request could not be processed (" + status + ").</p><p><a href=\"/\">Sen</a></p></body></html>");
        }
      } catch (IOException | IllegalStateException e) {
        // The connection is gone or already committed: nothing more can be sent.
      }
    }

    private static String message(int status) {
      return switch (status) {
        case 400 -> "The request is malformed (request line, characters or encoding)";
        case 404 -> "Nothing is served at this path";
        case 413 -> "The request is too large";
        case 414, 431 -> "The request line or headers are too long";
        case 505 -> "HTTP version not supported";
        default -> status >= 500 ? "The server failed to process the request" : "The request was refused";
      };
    }
  }
}
