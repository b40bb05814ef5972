package vn.sen.app.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What to load and where.
 *
 * @param inputs directories (walked recursively) and files
 * @param fhirBase the server's FHIR base, e.g. {@code http://127.0.0.1:8080/fhir}
 * @param clients concurrent HTTP clients for patient bundles and NDJSON batches
 * @param journals where each input root keeps its journal of completed files
 * @param bearerToken the access token sent with every request ({@code Authorization: Bearer …}), if any
 */
public record LoadOptions(List<Path> inputs, URI fhirBase, int clients, JournalLocation journals,
    @Nullable String bearerToken) {
  public LoadOptions {
    inputs = List.copyOf(inputs);
    if (clients < 1) {
      throw new IllegalArgumentException("clients must be at least 1");
    }
  }

  /** Without a token (a server that asks for none). */
  public LoadOptions(List<Path> inputs, URI fhirBase, int clients, JournalLocation journals) {
    this(inputs, fhirBase, clients, journals, null);
  }

  /** Chooses the journal file of an input root (a directory given, or the folder of a file given). */
  @FunctionalInterface
  public interface JournalLocation {
    Path journalFor(Path inputRoot);

    /** Next to the input: {@code ROOT/.sen-load-journal-<host>-<port>} for a server at that address. */
    static JournalLocation nextToInput(URI fhirBase) {
      String target = (fhirBase.getHost() + "-" + fhirBase.getPort()).replaceAll("[^A-Za-z0-9.-]", "_");
      return root -> root.resolve(".sen-load-journal-" + target);
    }

    /**
     * In the server's data directory, one journal per input root: wiping the data (and so the database)
     * wipes the journal with it.
     */
    static JournalLocation inDataDir(Path dataDir) {
      return root -> dataDir.resolve("load-journal")
          .resolve(Integer.toHexString(root.toAbsolutePath().normalize().toString().hashCode()) + ".journal");
    }
  }
}
