package vn.sen.store.pg.embedded;

import java.nio.file.Path;

/** A separate JVM for {@link ShutdownHookTest}: starts the server, says "ready", waits to be signalled. */
final class EmbeddedPostgresProbe {
  private EmbeddedPostgresProbe() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedPostgres.start(Path.of(args[0]));
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
