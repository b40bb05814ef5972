package vn.sen.app.platform.audit;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import vn.sen.app.DatabaseConfiguration;
import vn.sen.app.SenProperties;
import vn.sen.app.cli.ModuleCommand;
import vn.sen.app.platform.audit.AuditVerifier.Anchor;
import vn.sen.app.platform.audit.AuditVerifier.Result;

/**
 * {@code ./sen audit verify [--anchor bBLOCK:HASH]}: proves the audit chain of the configured database
 * (embedded in SEN_DATA_DIR — the running Sen's server, or one started for the command —, or SEN_DATABASE_URL) intact, or names the first altered, inserted or deleted
 * entry. Exit 0 intact, 1 broken, 2 usage error or no database.
 */
public final class AuditCommand implements ModuleCommand {
  static final int INTACT = 0;
  static final int BROKEN = 1;
  static final int ERROR = 2;
  private static final String USAGE = "usage: sen audit verify [--anchor bBLOCK:HASH]";

  private final Database database;

  public AuditCommand() {
    this(AuditCommand::openConfigured);
  }

  AuditCommand(Database database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "audit";
  }

  @Override
  public String summary() {
    return "verify the audit trail's hash chain (audit verify [--anchor bBLOCK:HASH])";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || !args.get(0).equals("verify")) {
      err.println(USAGE);
      return ERROR;
    }
    Anchor anchor = null;
    List<String> options = args.subList(1, args.size());
    if (options.size() == 2 && options.get(0).equals("--anchor")) {
      Optional<Anchor> parsed = Anchor.parse(options.get(1));
      if (parsed.isEmpty()) {
        err.println("sen audit: --anchor takes bBLOCK:HASH as printed by verify, e.g. b1042:" + "0".repeat(64));
        return ERROR;
      }
      anchor = parsed.get();
    } else if (!options.isEmpty()) {
      err.println(USAGE);
      return ERROR;
    }
    try (Opened db = database.open()) {
      return report(new AuditVerifier(db.dataSource()).verify(anchor), anchor, out);
    } catch (SQLException | RuntimeException e) {
      err.println("sen audit: cannot read the audit trail: " + e.getMessage());
      return ERROR;
    }
  }

  private static int report(Result result, @Nullable Anchor anchor, PrintStream out) {
    return switch (result) {
      case Result.Intact i -> {
        out.printf("Audit trail intact: %d entries checked (%d sealed blocks)%s.%n", i.entries(), i.blocks(),
            anchor == null ? "" : ", agreeing with anchor " + (anchor.block() > 0 ? "b" + anchor.block() : anchor.seq()));
        if (!i.anchor().isEmpty()) {
          out.printf("Anchor to publish: %s%n", i.anchor());
        }
        if (i.pending() > 0) {
          out.printf("%d entries staged moments ago wait to be moved onto the trail (Sen moves them while it"
              + " runs).%n", i.pending());
        }
        yield INTACT;
      }
      case Result.Broken b -> {
        String where = b.seq() > 0 ? "entry " + b.seq() + (b.block() > 0 ? " (block " + b.block() + ")" : "")
            : "block " + b.block();
        out.printf("Audit trail BROKEN at %s: %s (%s).%n", where,
            b.problem().name().toLowerCase(java.util.Locale.ROOT), b.detail());
        yield BROKEN;
      }
    };
  }

  /** Opens the database the trail is in. */
  @FunctionalInterface
  interface Database {
    Opened open();
  }

  /** An open database, closed after verification. */
  interface Opened extends AutoCloseable {
    DataSource dataSource();

    @Override
    void close();
  }

  /** The database Sen is configured with, opened as {@code ./sen serve} would, without the web server. */
  private static Opened openConfigured() {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(DatabaseOnly.class)
        .web(WebApplicationType.NONE)
        .logStartupInfo(false)
        // beside a running Sen on the embedded database, use its server (DatabaseConfiguration)
        .run("--logging.level.root=WARN", "--sen.database.attach-running=true");
    return new Opened() {
      @Override
      public DataSource dataSource() {
        return context.getBean(DataSource.class);
      }

      @Override
      public void close() {
        context.close();
      }
    };
  }

  /** Only the database: the pool, the embedded server if configured, the migrated schema. */
  @Configuration(proxyBeanMethods = false)
  @Import(DatabaseConfiguration.class)
  @EnableConfigurationProperties(SenProperties.class)
  static class DatabaseOnly {}
}
