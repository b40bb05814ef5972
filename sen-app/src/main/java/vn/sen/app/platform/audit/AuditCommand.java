package vn.sen.app.platform.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@code ./sen audit verify [--anchor bBLOCK:HASH] [--anchors FILE] [--public-key FILE]}: proves the audit
 * chain of the configured database (embedded in SEN_DATA_DIR — the running Sen's server, or one started for the
 * command —, or SEN_DATABASE_URL) intact, or names the first altered, inserted or deleted entry, checking every
 * signed anchor it finds against the trail ({@link AuditAnchors}); {@code ./sen audit anchor} signs one now.
 * Exit 0 intact, 1 broken, 2 usage error or no database.
 */
public final class AuditCommand implements ModuleCommand {
  static final int INTACT = 0;
  static final int BROKEN = 1;
  static final int ERROR = 2;
  private static final String USAGE =
      "usage: sen audit verify [--anchor bBLOCK:HASH] [--anchors FILE] [--public-key FILE] | sen audit anchor";

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
    return "verify the audit trail's hash chain and its signed anchors (audit verify [--anchor bBLOCK:HASH]"
        + " [--anchors FILE] [--public-key FILE]), or sign an anchor now (audit anchor)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() == 1 && args.get(0).equals("anchor")) {
      return anchor(out, err);
    }
    if (args.isEmpty() || !args.get(0).equals("verify")) {
      err.println(USAGE);
      return ERROR;
    }
    Anchor anchor = null;
    Path anchorsFile = null;
    Path publicKeyFile = null;
    List<String> options = args.subList(1, args.size());
    for (int i = 0; i < options.size(); i += 2) {
      String option = options.get(i);
      if (i + 1 >= options.size()
          || !(option.equals("--anchor") || option.equals("--anchors") || option.equals("--public-key"))) {
        err.println(USAGE);
        return ERROR;
      }
      String value = options.get(i + 1);
      switch (option) {
        case "--anchor" -> {
          Optional<Anchor> parsed = Anchor.parse(value);
          if (parsed.isEmpty()) {
            err.println("sen audit: --anchor takes bBLOCK:HASH as printed by verify, e.g. b1042:" + "0".repeat(64));
            return ERROR;
          }
          anchor = parsed.get();
        }
        case "--anchors" -> anchorsFile = Path.of(value);
        default -> publicKeyFile = Path.of(value);
      }
    }
    for (Path given : new Path[] {anchorsFile, publicKeyFile}) {
      if (given != null && !Files.isReadable(given)) {
        err.println("sen audit: cannot read " + given);
        return ERROR;
      }
    }
    try (Opened db = database.open()) {
      SignedAnchors signed = signedAnchors(db, anchorsFile, publicKeyFile);
      if (signed.forged() != null) {
        out.printf("Audit trail BROKEN at block %d: altered (the signed anchor %s does not carry a valid signature"
            + " of anchor key %s: it was not made by Sen).%n", signed.forged().block(), signed.forged(),
            signed.forged().keyId());
        return BROKEN;
      }
      int code = report(new AuditVerifier(db.dataSource()).verify(anchor, signed.trusted()), anchor, out);
      if (code == INTACT) {
        signed.describe(out);
      }
      return code;
    } catch (SQLException | IOException | RuntimeException e) {
      err.println("sen audit: cannot read the audit trail: " + e.getMessage());
      return ERROR;
    }
  }

  /** {@code ./sen audit anchor}: signs an anchor of the trail's head now, with the configured key. */
  private int anchor(PrintStream out, PrintStream err) {
    try (Opened db = database.open()) {
      Path keyFile = db.anchorKeyFile();
      AnchorKey key = AnchorKey.loadOrCreate(keyFile);
      AuditAnchors anchors = new AuditAnchors(db.dataSource(), key, AuditAnchors.logFile(keyFile), Clock.systemUTC(),
          Duration.ZERO);
      Optional<SignedAnchor> made = anchors.make();
      if (made.isPresent()) {
        out.printf("Signed anchor: %s%nAppended to %s; public key %s (key %s).%n", made.get().line(),
            AuditAnchors.logFile(keyFile), AnchorKey.publicFile(keyFile), key.id());
      } else {
        out.println("Nothing new to anchor: the trail's last seal is anchored already, or nothing is sealed yet.");
      }
      return INTACT;
    } catch (AuditAnchors.Refused e) {
      out.println("Audit trail BROKEN: " + e.getMessage());
      return BROKEN;
    } catch (SQLException | IOException | RuntimeException e) {
      err.println("sen audit: cannot anchor the audit trail: " + e.getMessage());
      return ERROR;
    }
  }

  /**
   * The signed anchors found (in the database, in the anchor log beside the configured key, in
   * {@code --anchors}), checked against the public key ({@code --public-key}, else the configured key).
   */
  private static SignedAnchors signedAnchors(Opened db, @Nullable Path anchorsFile, @Nullable Path publicKeyFile)
      throws SQLException, IOException {
    Path keyFile = publicKeyFile != null ? publicKeyFile : db.anchorKeyFile();
    AnchorKey key = Files.isReadable(keyFile) ? AnchorKey.read(keyFile) : null;
    List<SignedAnchor> found = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection()) {
      found.addAll(AuditAnchors.stored(c));
    }
    int malformed = 0;
    for (Path log : new Path[] {AuditAnchors.logFile(db.anchorKeyFile()), anchorsFile}) {
      if (log != null && Files.isReadable(log)) {
        AuditAnchors.LogLines lines = AuditAnchors.readLog(log);
        found.addAll(lines.anchors());
        malformed += lines.malformed();
      }
    }
    return SignedAnchors.check(found, key, malformed);
  }

  /** Signed anchors sorted by what could be checked. */
  private record SignedAnchors(List<Anchor> trusted, @Nullable SignedAnchor newest, @Nullable SignedAnchor forged,
      int otherKey, int unchecked, int malformed, @Nullable String keyId) {

    static SignedAnchors check(List<SignedAnchor> found, @Nullable AnchorKey key, int malformed) {
      List<Anchor> trusted = new ArrayList<>();
      SignedAnchor newest = null;
      int otherKey = 0;
      // the same anchor is usually both a row and a line of the log: count it once
      Map<String, SignedAnchor> distinct = new LinkedHashMap<>();
      found.forEach(a -> distinct.putIfAbsent(a.line(), a));
      for (SignedAnchor a : distinct.values()) {
        if (key == null) {
          continue;
        }
        if (!a.keyId().equals(key.id())) {
          otherKey++;
        } else if (!a.signedBy(key)) {
          return new SignedAnchors(List.of(), null, a, 0, 0, malformed, key.id());
        } else {
          trusted.add(a.anchor());
          if (newest == null || a.madeAt().isAfter(newest.madeAt())) {
            newest = a;
          }
        }
      }
      return new SignedAnchors(trusted, newest, null, otherKey, key == null ? distinct.size() : 0, malformed,
          key == null ? null : key.id());
    }

    void describe(PrintStream out) {
      if (newest != null) {
        out.printf("Signed anchors: %d checked with key %s, the newest made %s (block %d).%n", trusted.size(), keyId,
            newest.madeAt(), newest.block());
      } else if (keyId != null && otherKey == 0) {
        out.printf("Signed anchors: none yet for key %s.%n", keyId);
      }
      if (otherKey > 0) {
        out.printf("%d signed anchors of other keys not checked (give their public key with --public-key).%n",
            otherKey);
      }
      if (unchecked > 0) {
        out.printf("%d signed anchors not checked: no anchor key here (give its public key with --public-key).%n",
            unchecked);
      }
      if (malformed > 0) {
        out.printf("%d lines of the anchor logs are not anchors and were skipped.%n", malformed);
      }
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

    /** The configured anchor key's file (it may not exist). */
    Path anchorKeyFile();

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
      public Path anchorKeyFile() {
        return context.getBean(AuditProperties.class).anchorKeyFile(context.getBean(SenProperties.class).dataDir());
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
  @EnableConfigurationProperties({SenProperties.class, AuditProperties.class})
  static class DatabaseOnly {}
}
