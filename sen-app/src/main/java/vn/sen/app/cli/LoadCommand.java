package vn.sen.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import vn.sen.app.load.LoadOptions;
import vn.sen.app.load.LoadSummary;
import vn.sen.app.load.Loader;

/**
 * {@code ./sen load DIR|FILE… [--url http://127.0.0.1:8080/fhir] [--clients 4]}: loads into the Sen at
 * {@code --url}, or, without it, into the database of SEN_DATA_DIR by starting Sen in this process.
 * Prints counts and the rate; never patient data.
 */
final class LoadCommand {
  static final String USAGE = "usage: load DIR|FILE… [--url http://127.0.0.1:8080/fhir [--token T]] [--clients 4]"
      + "\n  (--token, or SEN_TOKEN: an access token for the server at --url, e.g. of a client with system/*.cruds)";
  static final int DEFAULT_CLIENTS = 4;

  private LoadCommand() {}

  /** Parsed arguments. */
  record Arguments(List<Path> inputs, @Nullable URI url, int clients, @Nullable String token) {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("load: " + e.getMessage());
      err.println(USAGE);
      return SenCli.NOT_AVAILABLE;
    }
    if (parsed == null) {
      out.println(USAGE);
      return 0;
    }
    try {
      LoadSummary summary;
      if (parsed.url() != null) {
        String token = parsed.token() != null ? parsed.token() : System.getenv("SEN_TOKEN");
        summary = new Loader(new ObjectMapper()).load(new LoadOptions(parsed.inputs(), parsed.url(),
            parsed.clients(), LoadOptions.JournalLocation.nextToInput(parsed.url()),
            token == null || token.isBlank() ? null : token.trim()), err);
      } else {
        try (InProcessSen sen = InProcessSen.start(List.of())) {
          summary = new Loader(new ObjectMapper()).load(new LoadOptions(parsed.inputs(), sen.fhirBase(),
              parsed.clients(), LoadOptions.JournalLocation.inDataDir(sen.dataDir()), sen.bearerToken().orElseThrow()),
              err);
        }
      }
      print(summary, out);
      return summary.ok() ? 0 : 1;
    } catch (IOException e) {
      err.println("load: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("load: interrupted; run the same command again to resume");
      return 1;
    }
  }

  static void print(LoadSummary s, PrintStream out) {
    out.printf(Locale.ROOT, "loaded %,d resources from %,d files in %.1f s (%,.0f resources/s)%n",
        s.resources(), s.filesLoaded(), s.seconds(), s.rate());
    if (s.filesSkipped() > 0) {
      out.printf(Locale.ROOT, "skipped %,d files loaded by an earlier run (journal)%n", s.filesSkipped());
    }
    if (!s.failures().isEmpty()) {
      out.printf(Locale.ROOT, "%,d files or batches FAILED and were skipped (nothing of them written):%n",
          s.failures().size());
      s.failures().stream().limit(50).forEach(f -> out.println("  " + f));
    }
    if (s.failedBatchEntries() > 0) {
      out.printf(Locale.ROOT, "%,d entries of batch Bundles failed on their own%n", s.failedBatchEntries());
    }
  }

  /** Null when help was asked for. */
  static @Nullable Arguments parse(List<String> args) {
    List<Path> inputs = new ArrayList<>();
    URI url = null;
    String token = null;
    int clients = DEFAULT_CLIENTS;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "-h", "--help" -> {
          return null;
        }
        case "--url" -> url = url(value(args, ++i, a));
        case "--clients" -> clients = positive(value(args, ++i, a), a);
        case "--token" -> token = value(args, ++i, a);
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          inputs.add(Path.of(a));
        }
      }
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("name at least one directory or file to load");
    }
    if (token != null && url == null) {
      throw new IllegalArgumentException("--token goes with --url (a Sen started here needs none)");
    }
    return new Arguments(inputs, url, clients, token);
  }

  static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  static int positive(String v, String option) {
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new IllegalArgumentException(option + " must be at least 1, was " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was " + v, e);
    }
  }

  static URI url(String v) {
    String base = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    URI uri;
    try {
      uri = URI.create(base);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url is not a URL: " + v, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("--url must be an http(s) URL like http://127.0.0.1:8080/fhir, was " + v);
    }
    return uri;
  }
}
