package vn.sen.app.companion.reminder;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.app.companion.CompanionStore;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.store.pg.PostgresFhirRepository;
import vn.sen.store.pg.TestDatabase;

/** A fresh database with the store's and the reminders' tables, a FHIR repository on it, a settable clock. */
final class ReminderFixture implements AutoCloseable {
  static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");
  final TestDatabase db;
  final SettableClock clock;
  final PostgresFhirRepository store;
  final CompanionStore fhir;

  ReminderFixture(Class<?> testClass, Instant now) {
    db = TestDatabase.create(testClass);
    Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration").load().migrate();
    clock = new SettableClock(now);
    SearchParameterRegistry registry = new SearchParameterRegistry(FhirContext.forR4Cached());
    store = new PostgresFhirRepository(db.dataSource(), registry, new FhirPathIndexExtractor(registry), clock,
        IdGenerator.random(new SplittableRandom(5)));
    fhir = new CompanionStore(store, new SearchQueryParser(registry, Set.of()), FhirContext.forR4Cached());
  }

  DataSource dataSource() {
    return db.dataSource();
  }

  String create(Resource resource) {
    return store.inTransaction(tx -> tx.create(resource, null)).resource().id();
  }

  ReminderPreferenceStore preferences(ReminderSettings settings) {
    return new ReminderPreferenceStore(dataSource(), settings, clock);
  }

  /** Rows of {@code sql} (one string column per row). */
  List<String> strings(String sql, Object... params) {
    try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void execute(String sql) {
    try (Connection c = dataSource().getConnection(); var s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    db.close();
  }

  /** Today's date in Hanoi at {@code hh:mm} local time, as an instant. */
  static Instant hanoi(String date, String time) {
    return java.time.LocalDateTime.parse(date + "T" + time).atZone(HANOI).toInstant();
  }

  /** A dose feed over a fixed list. */
  record ListFeed(List<DoseFeed.ExpectedDose> doses) implements DoseFeed {
    @Override
    public Stream<ExpectedDose> expected(Instant from, Instant to) {
      return doses.stream().filter(d -> !d.due().isBefore(from) && d.due().isBefore(to));
    }

    @Override
    public Stream<ExpectedDose> expectedFor(String patientId, Instant from, Instant to) {
      return expected(from, to).filter(d -> d.patientId().equals(patientId));
    }
  }
}
