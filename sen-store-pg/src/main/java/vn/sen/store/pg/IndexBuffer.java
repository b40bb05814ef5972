package vn.sen.store.pg;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.index.IndexValue;
import vn.sen.fhir.core.index.IndexedValue;

/**
 * Index rows of the resources written in one unit of work, buffered per table and written with one
 * {@code INSERT … SELECT FROM unnest(…)} per table: a transaction Bundle of hundreds of resources costs
 * a handful of statements.
 */
final class IndexBuffer {
  /** Longest normalised string kept in the index; prefix searches past it are rare. */
  static final int MAX_NORM = 200;

  private final Columns token = new Columns("idx_token", "rid, ver, param, h_code, h_sys",
      "bigint", "int", "int", "bigint", "bigint");
  private final Columns string = new Columns("idx_string", "rid, ver, param, norm, val",
      "bigint", "int", "int", "text", "text");
  private final Columns date = new Columns("idx_date", "rid, ver, param, lo, hi",
      "bigint", "int", "int", "bigint", "bigint");
  private final Columns number = new Columns("idx_number", "rid, ver, param, val",
      "bigint", "int", "int", "numeric");
  private final Columns quantity = new Columns("idx_quantity", "rid, ver, param, h_code, h_sys, val",
      "bigint", "int", "int", "bigint", "bigint", "numeric");
  private final Columns ref = new Columns("idx_ref", "rid, ver, param, ttype, tid, url",
      "bigint", "int", "int", "text", "text", "text");
  private final Columns uri = new Columns("idx_uri", "rid, ver, param, uri",
      "bigint", "int", "int", "text");
  private final Columns composite = new Columns("idx_composite",
      "rid, ver, param, h1_code, h1_sys, h2, h2_sys, v2, lo2, hi2",
      "bigint", "int", "int", "bigint", "bigint", "bigint", "bigint", "numeric", "bigint", "bigint");
  private final List<Columns> all = List.of(token, string, date, number, quantity, ref, uri, composite);

  private final ParamLayout layout;
  /** Version of the resource whose values are being added. */
  private int ver;

  IndexBuffer(ParamLayout layout) {
    this.layout = layout;
  }

  boolean isEmpty() {
    return all.stream().allMatch(c -> c.size == 0);
  }

  /** Rows buffered, not yet written. */
  int rows() {
    return all.stream().mapToInt(c -> c.size).sum();
  }

  void add(long rid, int ver, List<IndexedValue> values) {
    this.ver = ver;
    for (IndexedValue v : values) {
      // parameters that repeat others are read from those others' rows
      if (layout.written(v.param())) {
        add(rid, v.param().key(), v.value());
      }
    }
  }

  private void add(long rid, int param, IndexValue value) {
    switch (value) {
      case IndexValue.Token t -> {
        if (t.code() != null) {
          token.row(rid, ver, param, Hashes.of(t.code()), Hashes.of(t.system()));
          if (t.typeSystem() != null || t.typeCode() != null) {
            token.row(rid, ver, ParamKeys.ofType(param),
                Hashes.of(ParamKeys.ofTypeValue(t.typeSystem(), t.typeCode(), t.code())), Hashes.NONE);
          }
        }
        if (t.text() != null && !t.text().isBlank()) {
          addString(rid, ParamKeys.text(param), t.text());
        }
      }
      case IndexValue.Text s -> addString(rid, param, s.value());
      case IndexValue.DateRange d -> date.row(rid, ver, param, d.low(), d.high());
      case IndexValue.Number n -> number.row(rid, ver, param, n.value());
      case IndexValue.Quantity q -> {
        String code = q.code() != null ? q.code() : q.unit();
        quantity.row(rid, ver, param, Hashes.of(code), Hashes.of(q.system()), q.value());
        if (q.unit() != null && q.code() != null && !q.unit().equals(q.code())) {
          quantity.row(rid, ver, param, Hashes.of(q.unit()), Hashes.NONE, q.value());
        }
      }
      case IndexValue.Reference r -> ref.row(rid, ver, param, r.targetType(), r.targetId(), r.url());
      case IndexValue.Uri u -> uri.row(rid, ver, param, u.value());
      case IndexValue.Composite c -> addComposite(rid, param, c);
      case IndexValue.Position p -> {
        // Location.near is not indexed; the query parser reports it as unsupported
      }
    }
  }

  private void addString(long rid, int param, String value) {
    String norm = TextNormalizer.normalize(value);
    if (norm.isEmpty()) {
      return;
    }
    if (norm.length() > MAX_NORM) {
      norm = norm.substring(0, MAX_NORM);
    }
    string.row(rid, ver, param, norm, norm.equals(value) ? null : value);
  }

  private void addComposite(long rid, int param, IndexValue.Composite c) {
    if (c.components().size() < 2) {
      return;
    }
    long[] first = CompositeKeys.first(c.components().get(0));
    CompositeKeys.Second second = CompositeKeys.second(c.components().get(1));
    composite.row(rid, ver, param, first[0], first[1], second.hash(), second.system(), second.value(),
        second.low(), second.high());
  }

  /** Deletes nothing, writes everything buffered, and empties the buffer. */
  void flush(Connection connection) throws SQLException {
    for (Columns c : all) {
      c.flush(connection);
    }
  }

  /** Column-wise buffer of one index table. */
  private static final class Columns {
    private final String sql;
    private final String[] types;
    private final List<List<@Nullable Object>> columns = new ArrayList<>();
    private int size;

    Columns(String table, String columnList, String... types) {
      this.types = types;
      StringBuilder unnest = new StringBuilder();
      for (int i = 0; i < types.length; i++) {
        unnest.append(i == 0 ? "" : ", ").append("?::").append(types[i]).append("[]");
        columns.add(new ArrayList<>());
      }
      this.sql = "insert into " + table + " (" + columnList + ") select * from unnest(" + unnest + ")";
    }

    void row(@Nullable Object... values) {
      for (int i = 0; i < values.length; i++) {
        columns.get(i).add(values[i]);
      }
      size++;
    }

    void flush(Connection connection) throws SQLException {
      if (size == 0) {
        return;
      }
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        for (int i = 0; i < types.length; i++) {
          Array array = connection.createArrayOf(types[i], columns.get(i).toArray());
          ps.setArray(i + 1, array);
        }
        ps.executeUpdate();
      }
      columns.forEach(List::clear);
      size = 0;
    }
  }

  /** Hash keys of composite components; BigDecimal kept for numeric comparisons. */
  static final class CompositeKeys {
    private CompositeKeys() {}

    record Second(@Nullable Long hash, @Nullable Long system, @Nullable BigDecimal value,
        @Nullable Long low, @Nullable Long high) {}

    static long[] first(IndexValue v) {
      return switch (v) {
        case IndexValue.Token t -> new long[] {Hashes.of(t.code()), Hashes.of(t.system())};
        case IndexValue.Reference r -> new long[] {Hashes.of(referenceKey(r)), Hashes.NONE};
        case IndexValue.Text s -> new long[] {Hashes.of(TextNormalizer.normalize(s.value())), Hashes.NONE};
        case IndexValue.Uri u -> new long[] {Hashes.of(u.value()), Hashes.NONE};
        default -> new long[] {Hashes.of(String.valueOf(v)), Hashes.NONE};
      };
    }

    static Second second(IndexValue v) {
      return switch (v) {
        case IndexValue.Token t -> new Second(Hashes.of(t.code()), Hashes.of(t.system()), null, null, null);
        case IndexValue.Text s ->
            new Second(Hashes.of(TextNormalizer.normalize(s.value())), Hashes.NONE, null, null, null);
        case IndexValue.Quantity q -> new Second(Hashes.of(q.code() != null ? q.code() : q.unit()),
            Hashes.of(q.system()), q.value(), null, null);
        case IndexValue.Number n -> new Second(null, null, n.value(), null, null);
        case IndexValue.DateRange d -> new Second(null, null, null, d.low(), d.high());
        case IndexValue.Reference r -> new Second(Hashes.of(referenceKey(r)), Hashes.NONE, null, null, null);
        case IndexValue.Uri u -> new Second(Hashes.of(u.value()), Hashes.NONE, null, null, null);
        default -> new Second(null, null, null, null, null);
      };
    }

    static String referenceKey(IndexValue.Reference r) {
      return r.targetId() != null ? r.targetType() + "/" + r.targetId() : String.valueOf(r.url());
    }
  }
}
