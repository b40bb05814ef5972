package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

  @Test
  void givesEachCallAFreshEmptyDatabaseOnOneSharedServer() throws Exception {
    try (TestDatabase a = TestDatabase.create(TestDatabaseTest.class);
        TestDatabase b = TestDatabase.create(TestDatabaseTest.class)) {
      try (Connection c = a.dataSource().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE only_in_a (id int)");
      }
      assertThat(a.name()).isNotEqualTo(b.name()).startsWith("t_testdatabasetest_");
      assertThat(a.jdbcUrl()).startsWith(TestDatabase.server().jdbcUrl("t_"));
      try (Connection c = b.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void dropsTheDatabaseOnClose() throws Exception {
    TestDatabase db = TestDatabase.create(TestDatabaseTest.class);
    db.close();

    try (Connection c = TestDatabase.server().connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + db.name() + "'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }
}
