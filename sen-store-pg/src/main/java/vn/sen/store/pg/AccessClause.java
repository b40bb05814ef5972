package vn.sen.store.pg;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import vn.sen.fhir.core.access.AccessFilter;

/**
 * The SQL form of an {@link AccessFilter}: a predicate on a resource row that statements add wherever they
 * read resources (matches, chain targets, {@code _has} sources, includes, counts, history). The predicate
 * asks the small fact tables of V2 about the row's patient with EXISTS, so its cost per row is a few index
 * look-ups (or, where PostgreSQL expects many rows, one look-up in a hash of the caller's related patients
 * built once per statement) and nothing is computed per row in Java or in a function.
 *
 * @param now the store's clock at statement time: care relations that expired before it do not count
 * @param securityKey the index key of {@code _security} (meta.security) in {@code idx_token}
 */
record AccessClause(AccessFilter filter, Instant now, int securityKey) {

  /** Makes the clauses of one store: its clock and where it indexes meta.security. */
  record Source(Clock clock, int securityKey) {
    AccessClause of(AccessFilter filter) {
      return new AccessClause(filter, clock.instant(), securityKey);
    }
  }

  boolean unrestricted() {
    return filter.unrestricted();
  }

  /** Appends {@code " and (visible)"} for rows of {@code alias}, nothing when the filter is unrestricted. */
  void restrict(Sql sql, String alias) {
    if (!filter.unrestricted()) {
      sql.append(" and ");
      visible(sql, alias);
    }
  }

  /** Appends a boolean expression: whether the caller may see the {@code resource} row {@code alias}. */
  void visible(Sql sql, String alias) {
    if (filter.unrestricted()) {
      sql.append("true");
      return;
    }
    boolean compartments = (filter.ownPatient() != null || !filter.parties().isEmpty())
        && (filter.compartmentTypes() == null || !filter.compartmentTypes().isEmpty());
    if (!filter.outsideCompartments() && !compartments) {
      sql.append("false");
      return;
    }
    sql.append("(");
    if (filter.outsideCompartments()) {
      sql.append(alias).append(".pat is null");
      if (compartments) {
        sql.append(" or ");
      }
    }
    if (compartments) {
      sql.append("(").append(alias).append(".pat is not null");
      if (filter.onlyPatient() != null) {
        sql.append(" and ").append(alias).append(".pat = ").bind(filter.onlyPatient());
      }
      if (filter.compartmentTypes() != null) {
        sql.append(" and ").append(alias).append(".rtype = any(")
            .bindArray("text", List.copyOf(filter.compartmentTypes())).append(")");
      }
      sql.append(" and (");
      if (filter.ownPatient() != null) {
        sql.append(alias).append(".pat = ").bind(filter.ownPatient());
        if (!filter.parties().isEmpty()) {
          sql.append(" or ");
        }
      }
      if (!filter.parties().isEmpty()) {
        sql.append("(");
        patientOpen(sql, alias + ".pat");
        labelsAllowed(sql, alias);
        sql.append(")");
      }
      sql.append("))");
    }
    sql.append(")");
  }

  /**
   * Whether the record of the patient {@code pat} (an SQL expression) is open to the caller at all: its own,
   * or open to it as a party. Which types the caller may use is the policy's decision, not checked here.
   */
  void patientVisible(Sql sql, String pat) {
    if (filter.unrestricted()) {
      sql.append("true");
      return;
    }
    sql.append("(");
    if (filter.onlyPatient() != null) {
      sql.append(pat).append(" = ").bind(filter.onlyPatient()).append(" and (");
    }
    if (filter.ownPatient() != null) {
      sql.append(pat).append(" = ").bind(filter.ownPatient()).append(" or ");
    }
    if (filter.parties().isEmpty()) {
      sql.append("false");
    } else {
      sql.append("(");
      patientOpen(sql, pat);
      sql.append(")");
    }
    sql.append(filter.onlyPatient() != null ? "))" : ")");
  }

  /**
   * Whether the record of the patient {@code pat} (an SQL expression) is open to the caller as a party:
   * a current care relation with one of its parties, and no local-only wish that leaves its organisation
   * out. Appends a boolean expression.
   */
  void patientOpen(Sql sql, String pat) {
    sql.append("exists (select 1 from access_relation acc_a where acc_a.pat = ").append(pat)
        .append(" and acc_a.party = any(").bindArray("text", List.copyOf(filter.parties()))
        .append(") and (acc_a.expires is null or acc_a.expires > ").bind(OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .append(")) and not exists (select 1 from access_local acc_l where acc_l.pat = ").append(pat);
    if (filter.organization() != null) {
      sql.append(" and ").bind(filter.organization()).append("::text <> all(acc_l.orgs)");
    }
    sql.append(")");
  }

  /**
   * {@code " and"} no label the row's patient restricted to roles the caller lacks is on the row's version.
   * A deletion marker keeps the labels of the version it deleted (and no other index rows).
   */
  private void labelsAllowed(Sql sql, String alias) {
    sql.append(" and not exists (select 1 from access_label acc_b where acc_b.pat = ").append(alias)
        .append(".pat and not (acc_b.roles && ").bindArray("text", List.copyOf(filter.roles()))
        .append(") and exists (select 1 from idx_token acc_t where acc_t.param = ").bind(securityKey)
        .append(" and acc_t.h_code = acc_b.h_code and acc_t.rid = ").append(alias).append(".rid and acc_t.ver = ")
        .append(alias).append(".ver and acc_t.h_sys = acc_b.h_sys))");
  }
}
