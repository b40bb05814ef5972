package vn.sen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PopulationTest {

  @Test
  void generatesOnceAndNamesFilesAsTheGeneratorDoes(@TempDir Path dir) throws Exception {
    PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    Population p = Population.ensure(dir, 5, 3, err);
    long modified = Files.getLastModifiedTime(p.patientBundle(1)).toMillis();
    Population again = Population.ensure(dir, 5, 3, err);

    assertThat(p.sharedBundle()).exists();
    for (int i = 1; i <= 5; i++) {
      assertThat(p.patientBundle(i)).exists();
    }
    assertThat(Files.getLastModifiedTime(again.patientBundle(1)).toMillis()).isEqualTo(modified);
    assertThat(p.largest(2)).hasSize(2).doesNotHaveDuplicates();
    assertThat(Files.size(p.patientBundle(p.largest(1).get(0))))
        .isGreaterThanOrEqualTo(Files.size(p.patientBundle(p.largest(2).get(1))));
    assertThat(p.spread(3)).containsExactly(1, 2, 4);
  }
}
