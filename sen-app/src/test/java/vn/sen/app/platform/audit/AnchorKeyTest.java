package vn.sen.app.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnchorKeyTest {
  @TempDir Path dir;
  final byte[] hash = HexFormat.of().parseHex("ab".repeat(32));
  final Instant when = Instant.parse("2026-12-07T21:00:00.123456Z");

  @Test
  void aNewKeyIsKeptPrivateAndReadBackTheSame() throws IOException {
    Path file = dir.resolve("keys/anchor.pem");
    AnchorKey created = AnchorKey.loadOrCreate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(AnchorKey.loadOrCreate(file).id()).isEqualTo(created.id()).hasSize(16);
    AnchorKey publicOnly = AnchorKey.read(AnchorKey.publicFile(file));
    assertThat(publicOnly.id()).isEqualTo(created.id());
    assertThat(publicOnly.canSign()).isFalse();
    assertThatThrownBy(() -> publicOnly.sign(new byte[1])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void processesStartingTogetherEndWithOneKey() throws Exception {
    Path file = dir.resolve("together/anchor.pem");
    try (ExecutorService starts = Executors.newFixedThreadPool(8)) {
      List<Future<AnchorKey>> keys = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        keys.add(starts.submit(() -> AnchorKey.loadOrCreate(file)));
      }
      String onDisk = AnchorKey.read(file).id();
      for (Future<AnchorKey> key : keys) {
        assertThat(key.get().id()).isEqualTo(onDisk);
      }
    }
    try (var left = Files.list(file.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("anchor.pem", "anchor.pem.pub.pem");
    }
  }

  @Test
  void anAnchorVerifiesOnlyUnchangedAndOnlyWithItsKey() throws IOException {
    AnchorKey key = AnchorKey.loadOrCreate(dir.resolve("a.pem"));
    AnchorKey other = AnchorKey.loadOrCreate(dir.resolve("b.pem"));
    SignedAnchor anchor = SignedAnchor.sign(key, 42, hash, when);

    assertThat(anchor.madeAt()).isEqualTo(Instant.parse("2026-12-07T21:00:00.123Z"));
    assertThat(anchor.signedBy(key)).isTrue();
    assertThat(anchor.signedBy(AnchorKey.read(AnchorKey.publicFile(dir.resolve("a.pem"))))).isTrue();
    assertThat(anchor.signedBy(other)).isFalse();
    assertThat(new SignedAnchor(43, hash, anchor.madeAt(), key.id(), anchor.signature()).signedBy(key)).isFalse();
    assertThat(new SignedAnchor(42, hash, anchor.madeAt().plusMillis(1), key.id(), anchor.signature()).signedBy(key))
        .isFalse();
    // the other key's id on this key's signature
    assertThat(new SignedAnchor(42, hash, anchor.madeAt(), other.id(), anchor.signature()).signedBy(other)).isFalse();
  }

  @Test
  void anAnchorLineReadsBackAndGarbageIsNoAnchor() throws IOException {
    AnchorKey key = AnchorKey.loadOrCreate(dir.resolve("a.pem"));
    SignedAnchor anchor = SignedAnchor.sign(key, 7, hash, when);

    SignedAnchor back = SignedAnchor.parse(anchor.line()).orElseThrow();
    assertThat(back.signedBy(key)).isTrue();
    assertThat(back.block()).isEqualTo(7);
    assertThat(SignedAnchor.parse("")).isEmpty();
    assertThat(SignedAnchor.parse("b7:" + "ab".repeat(32))).isEmpty();
    assertThat(SignedAnchor.parse("7:" + "ab".repeat(32) + " " + when + " " + key.id() + " AAAA")).isEmpty();
    assertThat(SignedAnchor.parse("b7:" + "ab".repeat(32) + " yesterday " + key.id() + " AAAA")).isEmpty();
    assertThat(SignedAnchor.parse("b7:" + "ab".repeat(32) + " " + when + " " + key.id() + " !!!")).isEmpty();
  }

  @Test
  void aFileWithoutAKeyIsRefusedClearly() throws IOException {
    Path garbage = Files.writeString(dir.resolve("x.pem"),
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
    Path empty = Files.writeString(dir.resolve("y.pem"), "hello");

    assertThatThrownBy(() -> AnchorKey.read(garbage)).isInstanceOf(IOException.class).hasMessageContaining("Ed25519");
    assertThatThrownBy(() -> AnchorKey.read(empty)).isInstanceOf(IOException.class).hasMessageContaining("public key");
  }

  @Test
  void aPrivateKeyPairedWithAnotherPublicKeyIsRefused() throws IOException {
    AnchorKey.loadOrCreate(dir.resolve("a.pem"));
    AnchorKey.loadOrCreate(dir.resolve("b.pem"));
    String a = Files.readString(dir.resolve("a.pem"));
    String privateOfA = a.substring(0, a.indexOf("-----BEGIN PUBLIC KEY-----"));
    String publicOfB = Files.readString(AnchorKey.publicFile(dir.resolve("b.pem")));
    Path mixed = Files.writeString(dir.resolve("mixed.pem"), privateOfA + publicOfB);

    assertThatThrownBy(() -> AnchorKey.read(mixed)).isInstanceOf(IOException.class).hasMessageContaining("belong");
  }
}
