package vn.sen.bench.reminder;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import vn.sen.store.pg.embedded.EmbeddedPostgres;

/**
 * {@code ./sen bench --reminders N [--batch 1000] [--dispatchers 2] [--out bench-results]}: one day of
 * doses for N patients (3 each; 40% of all doses between 07:00 and 08:00, the rest spread over the day)
 * planned and then dispatched through a channel that sends nothing, on a fresh embedded PostgreSQL under
 * {@code --out}. Prints plan and dispatch throughput and whether the peak hour fits.
 */
public final class ReminderBench {
  static final String USAGE = "usage: bench --reminders PATIENTS [--batch 1000] [--dispatchers 2] [--out bench-results]";
  private static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final int DOSES_PER_PATIENT = 3;
  private static final double PEAK_SHARE = 0.4;

  private ReminderBench() {}

  /** Returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    int patients = 0;
    int batch = 1000;
    int dispatchers = 2;
    Path dir = Path.of("bench-results");
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        String v = i + 1 < args.size() ? args.get(i + 1) : null;
        if (v == null) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        switch (a) {
          case "--reminders" -> patients = Integer.parseInt(v.replace("_", "").replace(",", ""));
          case "--batch" -> batch = Integer.parseInt(v);
          case "--dispatchers" -> dispatchers = Integer.parseInt(v);
          case "--out" -> dir = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
        i++;
      }
      if (patients < 1 || batch < 1 || dispatchers < 1) {
        throw new IllegalArgumentException("--reminders, --batch and --dispatchers must be positive");
      }
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    ReminderPipeline.Factory factory = ServiceLoader.load(ReminderPipeline.Factory.class).findFirst().orElse(null);
    if (factory == null) {
      err.println("bench --reminders: run it from sen-app (./sen bench), which provides the pipeline");
      return 1;
    }
    try {
      return measure(factory, patients, batch, dispatchers, dir, out, err);
    } catch (IOException e) {
      err.println("bench: " + e.getMessage());
      return 1;
    }
  }

  private static int measure(ReminderPipeline.Factory factory, int patients, int batch, int dispatchers, Path dir,
      PrintStream out, PrintStream err) throws IOException {
    Path data = dir.resolve("reminder-data").toAbsolutePath();
    if (Files.exists(data)) {
      throw new IOException(data + " exists; remove it (it holds only an earlier reminder benchmark)");
    }
    Files.createDirectories(data);
    LocalDate day = LocalDate.of(2026, 12, 7);
    Instant midnight = day.atStartOfDay(HANOI).toInstant();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder(data).start();
        HikariDataSource pool = pool(pg, dispatchers + 2);
        ReminderPipeline pipeline = factory.open(pool, batch)) {
      err.printf(Locale.ROOT, "bench: planning %,d doses for %,d patients (batch %d)%n",
          (long) patients * DOSES_PER_PATIENT, patients, batch);
      long t0 = System.nanoTime();
      long planned = pipeline.plan(new Day(patients, midnight), midnight);
      double planSeconds = (System.nanoTime() - t0) / 1e9;
      err.printf(Locale.ROOT, "bench: dispatching with %d dispatchers%n", dispatchers);
      long t1 = System.nanoTime();
      long dispatched = pipeline.dispatch(midnight.plus(Duration.ofHours(23)), dispatchers);
      double dispatchSeconds = (System.nanoTime() - t1) / 1e9;
      double peakNeeded = planned * PEAK_SHARE / 3600.0;
      double dispatchRate = dispatched / dispatchSeconds;
      out.printf(Locale.ROOT, "%nReminder pipeline — %,d patients, %,d reminders, %d CPUs, max heap %d MB%n",
          patients, planned, Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
      out.printf(Locale.ROOT, "  plan      %,12d reminders in %8.1f s  = %,10.0f reminders/s%n", planned, planSeconds,
          planned / planSeconds);
      out.printf(Locale.ROOT, "  dispatch  %,12d reminders in %8.1f s  = %,10.0f reminders/s (%d dispatchers)%n",
          dispatched, dispatchSeconds, dispatchRate, dispatchers);
      out.printf(Locale.ROOT, "  peak hour (%.0f%% of the day's reminders 07:00-08:00) needs %,.0f reminders/s:"
          + " %s (%.1fx headroom); the whole day's dispatch takes %.1f min of 1440%n", PEAK_SHARE * 100, peakNeeded,
          dispatchRate >= peakNeeded ? "fits without backlog" : "BACKLOG", dispatchRate / peakNeeded,
          dispatchSeconds / 60);
      out.printf(Locale.ROOT, "  database size %,d MB%n", databaseMegabytes(pool));
    }
    return 0;
  }

  private static HikariDataSource pool(EmbeddedPostgres pg, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.jdbcUrl());
    config.setUsername(pg.user());
    config.setPassword(pg.password());
    config.setMaximumPoolSize(size);
    config.setPoolName("reminder-bench");
    return new HikariDataSource(config);
  }

  private static long databaseMegabytes(HikariDataSource pool) {
    try (var c = pool.getConnection(); var s = c.createStatement();
        var rs = s.executeQuery("select pg_database_size(current_database())")) {
      return rs.next() ? rs.getLong(1) / (1024 * 1024) : -1;
    } catch (java.sql.SQLException e) {
      return -1;
    }
  }

  /**
   * The synthetic day: each patient has a morning dose between 07:00 and 08:00; one in five a second
   * morning medicine in the same hour (together 40% of all doses); the others a midday dose
   * (11:00–14:00); everyone an evening dose (17:00–21:00). Minutes vary by patient.
   */
  static final class Day implements Iterator<ReminderPipeline.Dose> {
    private final int patients;
    private final Instant midnight;
    private int patient;
    private int dose;

    Day(int patients, Instant midnight) {
      this.patients = patients;
      this.midnight = midnight;
    }

    @Override
    public boolean hasNext() {
      return patient < patients;
    }

    @Override
    public ReminderPipeline.Dose next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int p = patient;
      int d = dose;
      if (++dose == DOSES_PER_PATIENT) {
        dose = 0;
        patient++;
      }
      int minute = (p * 7919) % 60;
      boolean twoMorning = p % 5 == 0;
      int minutesOfDay = switch (d) {
        case 0 -> 7 * 60 + minute;
        case 1 -> twoMorning ? 7 * 60 + (minute + 30) % 60 : 11 * 60 + (p * 31) % 180;
        default -> 17 * 60 + (p * 13) % 240;
      };
      String id = Integer.toString(p);
      return new ReminderPipeline.Dose(id, "mr-" + id + "-" + d, midnight.plus(Duration.ofMinutes(minutesOfDay)),
          "1 viên", d == 0 ? "Amlodipine 5 mg" : "Metformin 500 mg");
    }
  }
}
