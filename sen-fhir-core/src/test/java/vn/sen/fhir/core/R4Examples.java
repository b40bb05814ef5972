package vn.sen.fhir.core;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The official FHIR R4 examples (npm package {@code hl7.fhir.r4.examples} 4.0.1): material written
 * elsewhere, for tests that must hold on resources Sen did not build itself.
 *
 * <p>The tarball (18 MB) is downloaded once into {@code ${user.home}/.cache/sen/} and read from there;
 * it never enters the repository.
 */
public final class R4Examples {
  public static final String PACKAGE_URL =
      "https://registry.npmjs.org/hl7.fhir.r4.examples/-/hl7.fhir.r4.examples-4.0.1.tgz";

  /** One example resource: its file name in the package and its JSON text. */
  public record Example(String name, String json) {}

  private R4Examples() {}

  /** The local copy of the package, downloading it on first use. */
  public static synchronized Path tarball() {
    Path dir = Path.of(System.getProperty("user.home"), ".cache", "sen");
    Path file = dir.resolve("hl7.fhir.r4.examples-4.0.1.tgz");
    if (Files.isRegularFile(file)) {
      return file;
    }
    try {
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, "r4-examples", ".part");
      HttpClient client = HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(30))
          .build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(PACKAGE_URL))
          .timeout(Duration.ofMinutes(5))
          .build();
      HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(partial));
      if (response.statusCode() != 200) {
        Files.deleteIfExists(partial);
        throw new IOException("HTTP " + response.statusCode() + " for " + PACKAGE_URL);
      }
      // Moved into place only when complete, so an interrupted download is never mistaken for the package.
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while downloading " + PACKAGE_URL, e);
    }
  }

  /** Calls {@code action} for every example resource in the package, in archive order. */
  public static void forEach(Consumer<Example> action) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball()), 1 << 16);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in, 1 << 16))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        String file = name.substring(name.lastIndexOf('/') + 1);
        if (!entry.isFile() || !file.endsWith(".json") || file.equals("package.json") || file.startsWith(".")) {
          continue;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(0, entry.getSize()));
        tar.transferTo(bytes);
        action.accept(new Example(file, bytes.toString(StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All example resources, in archive order (a few hundred megabytes of strings: prefer forEach). */
  public static List<Example> all() {
    List<Example> result = new ArrayList<>();
    forEach(result::add);
    return result;
  }
}
