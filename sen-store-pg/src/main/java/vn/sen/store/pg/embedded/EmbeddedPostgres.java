package vn.sen.store.pg.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from the binaries on the class path, with its cluster kept in a data
 * directory between runs. This is Sen's zero-set-up database and the one every test runs on.
 *
 * <pre>{@code
 * try (EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of("data"))) {
 *   DataSource ds = ...; // pg.jdbcUrl(), pg.user(), pg.password()
 * }
 * }</pre>
 *
 * <p>Layout of the data directory: {@code pg-bin-<version>/} the unpacked binaries, {@code pg17/} the
 * cluster, {@code pg-password} the generated password of the {@code sen} role (0600), {@code log/} the
 * server log. Each start picks a free loopback port. When the JVM runs as root the server runs as {@code
 * nobody} (see {@link ServerAccount}). A lock left by a killed run is recovered, a server left running by
 * an earlier run of Sen is stopped and started again, and a JVM shutdown hook stops the server on
 * SIGTERM or Ctrl-C (unless the owner stops it itself, see {@link Builder#shutdownHook(boolean)}).
 */
public final class EmbeddedPostgres implements AutoCloseable {
  /** The superuser role created by initdb and used by Sen. */
  public static final String USER = "sen";
  /** The database Sen uses, created on first start. */
  public static final String DATABASE = "sen";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String CLUSTER_FOLDER = "pg17";
  private static final String MAJOR_VERSION = "17";
  private static final Pattern SETTING_NAME = Pattern.compile("[a-z_.]+");
  private static final Pattern SETTING_VALUE = Pattern.compile("[A-Za-z0-9_.:/+\\-]*");
  private static final int START_ATTEMPTS = 3;

  private final Path dataDir;
  private final Path cluster;
  private final PostgresBinaries binaries;
  private final ServerAccount account;
  private final int port;
  private final String password;
  private final DataDirLock lock;
  private final Thread shutdownHook;
  private boolean hookRegistered;
  private boolean stopped;

  private EmbeddedPostgres(
      Path dataDir, PostgresBinaries binaries, ServerAccount account, int port, String password,
      DataDirLock lock) {
    this.dataDir = dataDir;
    this.cluster = dataDir.resolve(CLUSTER_FOLDER);
    this.binaries = binaries;
    this.account = account;
    this.port = port;
    this.password = password;
    this.lock = lock;
    this.shutdownHook = new Thread(this::stopFromHook, "sen-embedded-postgres-stop");
  }

  /** Starts the server on {@code dataDir} with Sen's default settings, creating the cluster if needed. */
  public static EmbeddedPostgres start(Path dataDir) {
    return builder(dataDir).start();
  }

  /** A builder to change server settings (e.g. tests turn {@code fsync} off) before starting. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** JDBC URL of the {@code sen} database. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  /** JDBC URL of another database of this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * Where to reach the server another process (a running Sen) keeps on a data directory.
   *
   * @param port its loopback port
   * @param password the {@link #USER} role's password
   */
  public record Running(int port, String password) {
    public String jdbcUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
      return USER;
    }
  }

  /**
   * The server running on {@code dataDir}'s cluster, if its postmaster is alive and ready: its port from
   * {@code postmaster.pid} (line 4) and the role's password from {@code pg-password}. For commands that
   * work beside a running Sen ({@code ./sen user}, {@code ./sen audit verify}) instead of starting a server
   * of their own, which the data directory's lock forbids while Sen runs. Empty when none runs (or it is
   * still starting or already stopping); nothing is created or changed.
   */
  public static Optional<Running> running(Path dataDir) {
    try {
      Path dir = dataDir.toRealPath();
      Path cluster = dir.resolve(CLUSTER_FOLDER);
      Path pidFile = cluster.resolve("postmaster.pid");
      Path passwordFile = dir.resolve("pg-password");
      if (!Files.exists(pidFile) || !Files.exists(passwordFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, shared
      // memory key, status (starting, ready, stopping)
      if (lines.size() < 4 || !isPostmasterOf(parsePid(lines.get(0)), cluster)
          || (lines.size() >= 8 && !lines.get(7).strip().equals("ready"))) {
        return Optional.empty();
      }
      int port = Integer.parseInt(lines.get(3).strip());
      return Optional.of(new Running(port, Files.readString(passwordFile, StandardCharsets.UTF_8).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Opens a plain JDBC connection to {@code database}, for set-up work outside a pool. */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /** Stops the server (fast shutdown: open transactions are rolled back, committed data is kept). */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    removeHook();
    try {
      pgCtlStop(binaries, account, cluster);
    } finally {
      lock.close();
    }
    log.info("Embedded PostgreSQL stopped ({})", cluster);
  }

  /**
   * Whether the server could run from {@code dataDir}: false when Sen runs as root and the unprivileged
   * server account cannot traverse the folders leading to it (e.g. under {@code /root}).
   */
  public static boolean canRunFrom(Path dataDir) {
    try {
      ServerAccount.current().checkReachable(dataDir.toAbsolutePath().normalize());
      return true;
    } catch (EmbeddedPostgresException e) {
      return false;
    }
  }

  /** Lets go of the data directory without stopping the server, as a killed process would (tests only). */
  synchronized void abandon() {
    stopped = true;
    removeHook();
    lock.close();
  }

  private void removeHook() {
    if (!hookRegistered) {
      return;
    }
    hookRegistered = false;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself or during JVM exit: the hook no longer needs removing.
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void stopFromHook() {
    try {
      stop();
    } catch (EmbeddedPostgresException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  /** Server settings and start. Defaults sized to the machine for fast ingest, durability kept on. */
  public static final class Builder {
    private final Path dataDir;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private boolean shutdownHook = true;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
      settings.put("shared_buffers", sharedBuffers(visibleMemory()));
      settings.put("work_mem", "16MB");
      settings.put("maintenance_work_mem", "128MB");
      settings.put("max_connections", "50");
      settings.put("wal_compression", "on");
      // checkpoints far enough apart that a long ingest does not re-log every index page it touches
      // after each one (a full-page image per page per checkpoint): 2 GB gave one every ~30 s at 100k
      // patients (docs/benchmarks.md, "Session 8")
      settings.put("max_wal_size", "8GB");
      settings.put("checkpoint_timeout", "15min");
      settings.put("fsync", "on");
      settings.put("synchronous_commit", "on");
    }

    /**
     * PostgreSQL's own cache: a quarter of the memory this process sees (the machine's, or its container's
     * limit), between 128 MB and 8 GB, as PostgreSQL's documentation suggests for a dedicated server. With
     * too small a cache, a store larger than it evicts and re-reads the same index pages on every write
     * (docs/benchmarks.md, "Session 8").
     */
    static String sharedBuffers(long memoryBytes) {
      long mb = memoryBytes / 4 / (1024 * 1024);
      return Math.clamp(mb, 128, 8192) + "MB";
    }

    static long visibleMemory() {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getTotalMemorySize();
      }
      return 0; // unknown: the floor
    }

    /** Overrides or adds a {@code postgresql.conf} setting for this start. */
    public Builder setting(String name, String value) {
      if (!SETTING_NAME.matcher(name).matches() || !SETTING_VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException("unsupported PostgreSQL setting " + name + "=" + value);
      }
      settings.put(name, value);
      return this;
    }

    /**
     * Whether a JVM shutdown hook stops the server (default true). An owner that stops the server itself
     * on shutdown, after its own work (Spring closing its context: web server, then pool, then this), turns
     * it off so that PostgreSQL does not go away under requests still finishing.
     */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    public EmbeddedPostgres start() {
      return EmbeddedPostgres.startWith(dataDir, settings, shutdownHook);
    }
  }

  private static EmbeddedPostgres startWith(Path requestedDir, Map<String, String> settings,
      boolean withShutdownHook) {
    ServerAccount account = ServerAccount.current();
    Path dataDir;
    try {
      Files.createDirectories(requestedDir);
      dataDir = requestedDir.toRealPath();
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot create the data directory " + requestedDir + ": " + e, e);
    }
    account.checkReachable(dataDir);
    DataDirLock lock = DataDirLock.acquire(dataDir);
    try {
      PostgresBinaries binaries = PostgresBinaries.extractInto(dataDir);
      String password = ClusterFiles.password(dataDir);
      Path cluster = dataDir.resolve(CLUSTER_FOLDER);
      ClusterFiles.initIfMissing(binaries, account, cluster, password, MAJOR_VERSION);
      Path logFile = ClusterFiles.logFile(account, dataDir);
      recoverLock(binaries, account, cluster);
      int port = startOnFreePort(binaries, account, cluster, logFile, settings);
      EmbeddedPostgres server = new EmbeddedPostgres(dataDir, binaries, account, port, password, lock);
      if (withShutdownHook) {
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        server.hookRegistered = true;
      }
      try {
        server.createDatabaseIfMissing(DATABASE);
      } catch (SQLException e) {
        server.stop();
        throw new EmbeddedPostgresException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
      }
      log.info("Embedded PostgreSQL {} running on 127.0.0.1:{} ({})", MAJOR_VERSION, port, cluster);
      return server;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Another process may grab the port between our probe and the server's bind: retry with a new one. */
  private static int startOnFreePort(PostgresBinaries binaries, ServerAccount account, Path cluster,
      Path logFile, Map<String, String> settings) {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      long logOffset = sizeOf(logFile);
      try {
        pgCtlStart(binaries, account, cluster, logFile, port, settings, logOffset);
        return port;
      } catch (EmbeddedPostgresException e) {
        String logged = logSince(logFile, logOffset);
        if (attempt < START_ATTEMPTS
            && (logged.contains("could not bind") || logged.contains("Address already in use"))) {
          log.info("Port {} was taken before PostgreSQL could bind it; trying another", port);
          continue;
        }
        throw e;
      }
    }
  }

  private void createDatabaseIfMissing(String database) throws SQLException {
    try (Connection c = connect("postgres");
        PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        // DATABASE is a constant identifier; CREATE DATABASE takes no bind parameters.
        create.execute("CREATE DATABASE " + database);
      }
    }
  }

  /**
   * Clears what a previous run left behind: a {@code postmaster.pid} whose process is gone (or whose pid
   * now belongs to an unrelated process, common in containers) is removed; a postmaster still running on
   * this cluster from an earlier run is stopped, since we cannot know its port or settings.
   */
  private static void recoverLock(PostgresBinaries binaries, ServerAccount account, Path cluster) {
    Path pidFile = cluster.resolve("postmaster.pid");
    List<String> lines;
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot read " + pidFile + ": " + e, e);
    }
    long pid = lines.isEmpty() ? -1 : parsePid(lines.get(0));
    if (pid > 0 && isPostmasterOf(pid, cluster)) {
      log.warn("A PostgreSQL server (pid {}) from an earlier run is still running on {}; stopping it", pid,
          cluster);
      pgCtlStop(binaries, account, cluster);
      return;
    }
    log.warn("Removing the stale lock {} left by a run that did not stop cleanly (pid {})", pidFile, pid);
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot remove the stale lock " + pidFile + ": " + e, e);
    }
  }

  private static long parsePid(String line) {
    try {
      return Long.parseLong(line.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isPostmasterOf(long pid, Path cluster) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      try {
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"),
            StandardCharsets.UTF_8).replace('\0', ' ');
        return cmdline.contains("postgres") && cmdline.contains(cluster.toString());
      } catch (IOException gone) {
        return false;
      }
    }
    return false;
  }

  private static void pgCtlStart(PostgresBinaries binaries, ServerAccount account, Path cluster, Path logFile,
      int port, Map<String, String> settings, long logOffset) {
    StringBuilder options = new StringBuilder("-p ").append(port)
        .append(" -c listen_addresses=127.0.0.1")
        // No Unix socket: nothing connects through one, and its path length limit bites in deep folders.
        .append(" -c unix_socket_directories=''");
    settings.forEach((name, value) -> options.append(" -c ").append(name).append("='").append(value).append('\''));
    List<String> command = List.of(binaries.pgCtl().toString(), "-D", cluster.toString(), "-l",
        logFile.toString(), "-w", "-t", "120", "-o", options.toString(), "start");
    ProcessRun result = ProcessRun.run(account.command(command));
    if (result.exitCode() != 0) {
      throw new EmbeddedPostgresException("PostgreSQL did not start (pg_ctl exit " + result.exitCode() + "): "
          + result.output().strip() + "\n--- " + logFile + " ---\n" + logSince(logFile, logOffset));
    }
  }

  private static void pgCtlStop(PostgresBinaries binaries, ServerAccount account, Path cluster) {
    if (!Files.exists(cluster.resolve("postmaster.pid"))) {
      return;
    }
    List<String> command = List.of(binaries.pgCtl().toString(), "-D", cluster.toString(), "-m", "fast", "-w",
        "-t", "120", "stop");
    ProcessRun result = ProcessRun.run(account.command(command));
    if (result.exitCode() != 0 && Files.exists(cluster.resolve("postmaster.pid"))) {
      throw new EmbeddedPostgresException(
          "PostgreSQL did not stop (pg_ctl exit " + result.exitCode() + "): " + result.output().strip());
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** What the server logged since {@code offset}: the reason a start failed, without older runs' lines. */
  private static String logSince(Path logFile, long offset) {
    try {
      byte[] all = Files.readAllBytes(logFile);
      int from = (int) Math.min(offset, all.length);
      String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(log not readable: " + e + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedPostgresException("no free loopback port for PostgreSQL: " + e, e);
    }
  }
}
