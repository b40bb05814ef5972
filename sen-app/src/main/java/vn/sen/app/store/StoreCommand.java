package vn.sen.app.store;

import ca.uhn.fhir.context.FhirContext;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import vn.sen.app.DatabaseConfiguration;
import vn.sen.app.FhirConfiguration;
import vn.sen.app.SenProperties;
import vn.sen.app.cli.ModuleCommand;
import vn.sen.app.platform.policy.PolicyConfiguration;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.store.pg.PostgresFhirRepository;
import vn.sen.store.pg.StoreMaintenance;
import vn.sen.store.pg.StoreReindex;

/**
 * {@code ./sen store reindex [--types Patient,Observation] [--facts-only|--search-only] [--from-rid N]
 * [--threads N]}:
 * derives the search index rows, compartments and access facts of the stored resources again, with the
 * extraction rules and the {@code CareAccessFacts} a Sen of this version writes with. Works on the configured
 * database (the embedded one in SEN_DATA_DIR — the running Sen's server, or one started for the command —,
 * or SEN_DATABASE_URL), while Sen serves or not. Prints counts only. Exit 0 done, 2 usage error or failure.
 * {@code ./sen store compact} removes the index rows of superseded versions ({@link StoreMaintenance}).
 */
public final class StoreCommand implements ModuleCommand {
  static final int DONE = 0;
  static final int ERROR = 2;
  private static final String USAGE = "usage: sen store reindex [--types Patient,Observation]"
      + " [--facts-only|--search-only] [--from-rid N] [--threads N]\n       sen store compact";
  private static final Duration PRINT_EVERY = Duration.ofSeconds(5);

  @Override
  public String name() {
    return "store";
  }

  @Override
  public String summary() {
    return "derive search rows and access facts again (store reindex [--types …] [--facts-only|--search-only]"
        + " [--from-rid N]); remove stale index rows (store compact)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.equals(List.of("compact"))) {
      return compact(out, err);
    }
    if (args.isEmpty() || !args.get(0).equals("reindex")) {
      err.println(USAGE);
      return ERROR;
    }
    SearchParameterRegistry registry = new SearchParameterRegistry(FhirContext.forR4Cached());
    StoreReindex.Options options;
    try {
      options = options(args.subList(1, args.size()), registry);
    } catch (IllegalArgumentException e) {
      err.println("sen store: " + e.getMessage());
      err.println(USAGE);
      return ERROR;
    }
    try (ConfigurableApplicationContext context = openConfigured()) {
      DataSource dataSource = context.getBean(DataSource.class);
      Clock clock = Clock.systemUTC();
      // the rules a running Sen writes with: the same bean methods build them
      PostgresFhirRepository store = new PostgresFhirRepository(dataSource, registry,
          new FhirConfiguration().indexExtractor(registry, context.getBean(SenProperties.class)),
          new PolicyConfiguration().accessFacts(clock), List.of(), clock, IdGenerator.secureRandom());
      out.printf("Reindexing %s of %s from rid %d…%n", what(options),
          options.types().isEmpty() ? "all resources" : String.join(", ", options.types()), options.fromRid());
      Printer printer = new Printer(out);
      StoreReindex.Progress done = new StoreReindex(dataSource, store).run(options, printer::batchDone);
      out.printf("Done: %s.%n", summary(done));
      return DONE;
    } catch (RuntimeException e) {
      err.println("sen store: reindex stopped: " + e.getMessage());
      err.println("Run it again with --from-rid and the last rid printed to go on from there.");
      return ERROR;
    }
  }

  /** Removes the index rows of superseded versions ({@link StoreMaintenance}). */
  private static int compact(PrintStream out, PrintStream err) {
    try (ConfigurableApplicationContext context = openConfigured()) {
      long started = System.nanoTime();
      long removed = StoreMaintenance.compact(context.getBean(DataSource.class));
      out.printf(Locale.ROOT, "Compacted: %,d stale index rows removed in %.1f s.%n", removed,
          (System.nanoTime() - started) / 1e9);
      return DONE;
    } catch (RuntimeException e) {
      err.println("sen store: compact stopped: " + e.getMessage());
      return ERROR;
    }
  }

  static StoreReindex.Options options(List<String> args, SearchParameterRegistry registry) {
    Set<String> types = new LinkedHashSet<>();
    boolean search = true;
    boolean facts = true;
    long fromRid = 1;
    int threads = 1;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--facts-only" -> search = false;
        case "--search-only" -> facts = false;
        case "--types" -> {
          for (String type : value(args, ++i, arg).split(",")) {
            if (!registry.isResourceType(type.strip())) {
              throw new IllegalArgumentException("'" + type.strip() + "' is not an R4 resource type");
            }
            types.add(type.strip());
          }
        }
        case "--from-rid" -> {
          try {
            fromRid = Long.parseLong(value(args, ++i, arg));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--from-rid takes a number");
          }
        }
        case "--threads" -> {
          try {
            threads = Integer.parseInt(value(args, ++i, arg));
          } catch (NumberFormatException e) {
            threads = 0;
          }
          if (threads < 1 || threads > Runtime.getRuntime().availableProcessors()) {
            throw new IllegalArgumentException("--threads takes 1 to the number of processors ("
                + Runtime.getRuntime().availableProcessors() + ")");
          }
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    if (!search && !facts) {
      throw new IllegalArgumentException("--facts-only and --search-only exclude each other");
    }
    return new StoreReindex.Options(types, search, facts, Math.max(1, fromRid), StoreReindex.DEFAULT_BATCH,
        threads);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static String what(StoreReindex.Options options) {
    if (!options.facts()) {
      return "search index rows";
    }
    return options.search() ? "search index rows and access facts" : "access facts";
  }

  static String summary(StoreReindex.Progress p) {
    double seconds = Math.max(p.elapsed().toMillis(), 1) / 1000.0;
    return String.format(Locale.ROOT, "%,d resources, %,d search index rows, %,d access facts in %.1f s"
            + " (%,.0f resources/s); %,d skipped as written meanwhile, %,d unreadable",
        p.resources(), p.indexRows(), p.factRows(), seconds, p.resources() / seconds, p.moved(), p.unreadable());
  }

  /** A progress line at most every few seconds, with the rid to resume from. */
  private static final class Printer {
    private final PrintStream out;
    private long last = System.nanoTime();

    Printer(PrintStream out) {
      this.out = out;
    }

    void batchDone(StoreReindex.Progress progress) {
      long now = System.nanoTime();
      if (now - last >= PRINT_EVERY.toNanos()) {
        last = now;
        out.printf("  %s; next rid %d%n", summary(progress), progress.nextRid());
      }
    }
  }

  /** The database Sen is configured with, opened as {@code ./sen serve} would, without the web server. */
  private static ConfigurableApplicationContext openConfigured() {
    return new SpringApplicationBuilder(DatabaseOnly.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        // beside a running Sen on the embedded database, use its server (DatabaseConfiguration)
        .run("--logging.level.root=WARN", "--sen.database.attach-running=true");
  }

  /** Only the database: the pool, the embedded server if configured, the migrated schema. */
  @Configuration(proxyBeanMethods = false)
  @Import(DatabaseConfiguration.class)
  @EnableConfigurationProperties(SenProperties.class)
  static class DatabaseOnly {}
}
