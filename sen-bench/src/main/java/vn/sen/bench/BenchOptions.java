package vn.sen.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@code ./sen bench}.
 *
 * @param patients population size
 * @param seed generator seed
 * @param url a running Sen's FHIR base; null to start one in this process on a fresh data dir
 * @param clients concurrent client counts the read-side phases run at
 * @param duration measured time of each read-side phase
 * @param warmup unmeasured time before each read-side phase
 * @param ingestClients concurrent clients posting transaction Bundles
 * @param out where the population cache, the in-process server's data and the results go
 * @param skipIngest reuse a population already loaded (at {@code url}, or in {@code out/server-data})
 * @param maxRequests upper bound of requests per phase, whatever the duration
 * @param jdbcUrl the database of the Sen at {@code url}, to report its size (optional)
 * @param callers who sends the read-side requests ({@code --as}): the system client, a clinician, or both
 *     on the same patients
 * @param sample {@code station} (one commune health station's patients), {@code spread} (over the whole
 *     population), or null: station when a clinician is among the callers, else spread
 * @param phases the read-side phases to run, in their fixed order ({@code --phases}; all by default)
 */
public record BenchOptions(int patients, long seed, @Nullable URI url, List<Integer> clients, Duration duration,
    Duration warmup, int ingestClients, Path out, boolean skipIngest, long maxRequests, @Nullable String jdbcUrl,
    String jdbcUser, String jdbcPassword, List<Caller> callers, @Nullable String sample, List<String> phases) {

  static final String USAGE = """
      usage: bench [--patients 10000] [--seed 42] [--url http://127.0.0.1:8080/fhir] [--clients 1,8]
                   [--duration 30s] [--warmup 5s] [--ingest-clients 4] [--out bench-results]
                   [--skip-ingest] [--max-requests 1000000] [--as both|system|clinician]
                   [--sample station|spread]   (default: station when a clinician asks, else spread)
                   [--phases search,read,everything]   (the read-side phases to run; all by default)
                   [--jdbc-url URL --jdbc-user U --jdbc-password P]   (database size of a --url server)
             (a --url server is called with the access token in SEN_TOKEN, when set, and as a clinician
              with SEN_TOKEN_CLINICIAN: a nurse of the station the run names; its heap is read from
              /actuator/prometheus with SEN_TOKEN_METRICS, a token with the scope metrics.read)
             bench --jmh [JMH options]   (micro-benchmarks; see docs/benchmarks.md)
             bench --reminders 1000000 [--batch 1000] [--dispatchers 2]   (reminder pipeline)""";

  public BenchOptions {
    clients = List.copyOf(clients);
    callers = List.copyOf(callers);
    phases = List.copyOf(phases);
  }

  /** The read-side phases, in the order they run. */
  static final List<String> PHASES = List.of("search", "read", "everything");

  static BenchOptions defaults() {
    return new BenchOptions(10_000, 42, null, List.of(1, 8), Duration.ofSeconds(30), Duration.ofSeconds(5), 4,
        Path.of("bench-results"), false, 1_000_000, null, "sen", "", Caller.BOTH, null, PHASES);
  }

  /** Null when help was asked for; IllegalArgumentException names a bad option. */
  static @Nullable BenchOptions parse(List<String> args) {
    BenchOptions o = defaults();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-h") || a.equals("--help")) {
        return null;
      }
      if (a.equals("--skip-ingest")) {
        o = o.with(o.patients, o.url, o.clients, o.duration, o.warmup, o.ingestClients, o.out, true, o.seed);
        continue;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args.get(++i);
      o = switch (a) {
        case "--patients" -> o.with(positive(v, a), o.url, o.clients, o.duration, o.warmup, o.ingestClients, o.out,
            o.skipIngest, o.seed);
        case "--seed" -> o.with(o.patients, o.url, o.clients, o.duration, o.warmup, o.ingestClients, o.out,
            o.skipIngest, number(v, a));
        case "--url" -> o.with(o.patients, url(v), o.clients, o.duration, o.warmup, o.ingestClients, o.out,
            o.skipIngest, o.seed);
        case "--clients" -> o.with(o.patients, o.url, clientList(v), o.duration, o.warmup, o.ingestClients, o.out,
            o.skipIngest, o.seed);
        case "--duration" -> o.with(o.patients, o.url, o.clients, duration(v, a), o.warmup, o.ingestClients, o.out,
            o.skipIngest, o.seed);
        case "--warmup" -> o.with(o.patients, o.url, o.clients, o.duration, duration(v, a), o.ingestClients, o.out,
            o.skipIngest, o.seed);
        case "--ingest-clients" -> o.with(o.patients, o.url, o.clients, o.duration, o.warmup, positive(v, a), o.out,
            o.skipIngest, o.seed);
        case "--out" -> o.with(o.patients, o.url, o.clients, o.duration, o.warmup, o.ingestClients, Path.of(v),
            o.skipIngest, o.seed);
        case "--max-requests" -> new BenchOptions(o.patients, o.seed, o.url, o.clients, o.duration, o.warmup,
            o.ingestClients, o.out, o.skipIngest, positive(v, a), o.jdbcUrl, o.jdbcUser, o.jdbcPassword, o.callers, o.sample, o.phases);
        case "--jdbc-url" -> new BenchOptions(o.patients, o.seed, o.url, o.clients, o.duration, o.warmup,
            o.ingestClients, o.out, o.skipIngest, o.maxRequests, v, o.jdbcUser, o.jdbcPassword, o.callers, o.sample, o.phases);
        case "--jdbc-user" -> new BenchOptions(o.patients, o.seed, o.url, o.clients, o.duration, o.warmup,
            o.ingestClients, o.out, o.skipIngest, o.maxRequests, o.jdbcUrl, v, o.jdbcPassword, o.callers, o.sample, o.phases);
        case "--jdbc-password" -> new BenchOptions(o.patients, o.seed, o.url, o.clients, o.duration, o.warmup,
            o.ingestClients, o.out, o.skipIngest, o.maxRequests, o.jdbcUrl, o.jdbcUser, v, o.callers, o.sample, o.phases);
        case "--as" -> new BenchOptions(o.patients, o.seed, o.url, o.clients, o.duration, o.warmup,
            o.ingestClients, o.out, o.skipIngest, o.maxRequests, o.jdbcUrl, o.jdbcUser, o.jdbcPassword,
            Caller.parse(v), o.sample, o.phases);
        case "--sample" -> new BenchOptions(o.patients, o.seed, o.url, o.clients, o.duration, o.warmup,
            o.ingestClients, o.out, o.skipIngest, o.maxRequests, o.jdbcUrl, o.jdbcUser, o.jdbcPassword, o.callers,
            sampleKind(v), o.phases);
        case "--phases" -> new BenchOptions(o.patients, o.seed, o.url, o.clients, o.duration, o.warmup,
            o.ingestClients, o.out, o.skipIngest, o.maxRequests, o.jdbcUrl, o.jdbcUser, o.jdbcPassword, o.callers,
            o.sample, phaseList(v));
        default -> throw new IllegalArgumentException("unknown option " + a);
      };
    }
    return o;
  }

  private BenchOptions with(int p, @Nullable URI u, List<Integer> c, Duration d, Duration w, int ic, Path o,
      boolean skip, long s) {
    return new BenchOptions(p, s, u, c, d, w, ic, o, skip, maxRequests, jdbcUrl, jdbcUser, jdbcPassword, callers, sample, phases);
  }

  /**
   * Whether the read-side phases run on one commune health station's patients (a clinician is asked
   * for): the system client then asks about the same patients, so the two are comparable.
   */
  boolean stationSample() {
    return sample == null ? callers.contains(Caller.CLINICIAN) : sample.equals("station");
  }

  private static List<String> phaseList(String v) {
    List<String> named = new ArrayList<>();
    for (String part : v.split(",")) {
      String phase = part.trim().toLowerCase(Locale.ROOT);
      if (!PHASES.contains(phase)) {
        throw new IllegalArgumentException("--phases takes search, read and everything, was " + v);
      }
      named.add(phase);
    }
    return PHASES.stream().filter(named::contains).toList();
  }

  private static String sampleKind(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (!s.equals("station") && !s.equals("spread")) {
      throw new IllegalArgumentException("--sample must be station or spread, was " + v);
    }
    return s;
  }

  /** The cache of the generated population. */
  Path populationDir() {
    return out.resolve("population-" + patients + "-" + seed);
  }

  private static int positive(String v, String option) {
    long n = number(v, option);
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(option + " must be a positive number, was " + v);
    }
    return (int) n;
  }

  private static long number(String v, String option) {
    try {
      return Long.parseLong(v.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, was " + v, e);
    }
  }

  private static List<Integer> clientList(String v) {
    List<Integer> list = new ArrayList<>();
    for (String part : v.split(",")) {
      list.add(positive(part.trim(), "--clients"));
    }
    return list;
  }

  /** {@code 30s}, {@code 2m}, {@code 500ms} or plain seconds. */
  static Duration duration(String v, String option) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a duration like 30s, 2m or 500ms, was " + v, e);
    }
  }

  private static URI url(String v) {
    String base = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    URI uri = URI.create(base);
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("--url must be an http URL like http://127.0.0.1:8080/fhir, was " + v);
    }
    return uri;
  }
}
