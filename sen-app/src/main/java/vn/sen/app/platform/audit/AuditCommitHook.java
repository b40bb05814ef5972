package vn.sen.app.platform.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import vn.sen.store.pg.CommitHook;

/**
 * Writes' audit entries, in the same transaction as the writes: one entry per kind of change in the unit
 * of work (create, update, delete), naming every version written and the patients whose records hold
 * them. If the entry cannot be inserted the hook fails, and with it the whole unit of work. It takes no
 * lock: the trail's sealer chains the entries once the transaction has ended.
 */
public final class AuditCommitHook implements CommitHook {
  private final AuditTrail trail;
  private final Supplier<Optional<AuditContext>> context;
  private final Clock clock;

  /**
   * @param context the request being served; empty for Sen's own work (module listeners, loading),
   *     recorded as the system actor
   */
  public AuditCommitHook(AuditTrail trail, Supplier<Optional<AuditContext>> context, Clock clock) {
    this.trail = trail;
    this.context = context;
    this.clock = clock;
  }

  @Override
  public void beforeCommit(Connection connection, List<Change> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    trail.append(connection, entries(changes));
  }

  List<AuditEntry> entries(List<Change> changes) {
    AuditContext ctx = context.get().orElse(AuditContext.SYSTEM);
    Instant now = clock.instant();
    Map<Kind, List<Change>> byKind = new EnumMap<>(Kind.class);
    for (Change c : changes) {
      byKind.computeIfAbsent(c.kind(), k -> new ArrayList<>()).add(c);
    }
    List<AuditEntry> entries = new ArrayList<>(byKind.size());
    byKind.forEach((kind, group) -> {
      Set<String> patients = new LinkedHashSet<>();
      List<String> entities = new ArrayList<>(group.size());
      for (Change c : group) {
        entities.add(c.type() + "/" + c.id() + "/_history/" + c.version());
        if (c.patient() != null) {
          patients.add(c.patient());
        } else if (c.type().equals("Patient")) {
          patients.add(c.id());
        }
      }
      entries.add(AuditEntry.of(ctx, now, kind.name().toLowerCase(Locale.ROOT), AuditEntry.SUCCESS,
          List.copyOf(patients), entities, null));
    });
    return entries;
  }
}
