package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyCodecTest {

  @Test
  void bodiesOfEverySizeComeBackAsTheyWentIn() {
    Random random = new Random(7);
    for (int size : new int[] {0, 1, 255, 256, 1_000, 10_000, 200_000}) {
      byte[] json = json(size, random);
      assertThat(BodyCodec.decode(BodyCodec.encode(json))).as("size %d", size).isEqualTo(json);
    }
  }

  @Test
  void aBodyThatInflatesFarBeyondTheFirstGuessIsReadWhole() {
    // a long run of one character deflates more than a hundredfold: the output array must grow
    byte[] json = ("{\"text\":\"" + "a".repeat(500_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] stored = BodyCodec.encode(json);
    assertThat(stored.length * 5).isLessThan(json.length);
    assertThat(BodyCodec.decode(stored)).isEqualTo(json);
  }

  @Test
  void manyBodiesDecodedOneAfterAnotherOnOneThreadDoNotLeakIntoEachOther() {
    Random random = new Random(11);
    for (int i = 0; i < 200; i++) {
      byte[] json = json(300 + random.nextInt(5_000), random);
      assertThat(BodyCodec.decode(BodyCodec.encode(json))).isEqualTo(json);
    }
  }

  @Test
  void aTruncatedBodyIsRefusedAndTheNextOneStillReads() {
    byte[] json = json(5_000, new Random(3));
    byte[] stored = BodyCodec.encode(json);
    assertThatThrownBy(() -> BodyCodec.decode(Arrays.copyOf(stored, stored.length / 2)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(BodyCodec.decode(stored)).isEqualTo(json);
  }

  private static byte[] json(int size, Random random) {
    StringBuilder sb = new StringBuilder("{\"resourceType\":\"Observation\",\"note\":\"");
    String[] words = {"Nguyễn", "huyết áp", "mmHg", "đường huyết", "85354-9", "final", "Trạm Y tế"};
    while (sb.length() < size) {
      sb.append(words[random.nextInt(words.length)]).append(' ');
    }
    byte[] bytes = sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    return size == 0 ? new byte[0] : bytes;
  }
}
