package vn.sen.app.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads an NDJSON file as transaction Bundles of PUTs (at most {@link #MAX_LINES} lines or about {@link
 * #MAX_BYTES} bytes each), streaming: only one batch is in memory per reader. A PUT with the resource's
 * own id makes a batch idempotent, so it can be retried, and a resumed load cannot duplicate it.
 */
final class NdjsonBatches implements AutoCloseable {
  static final int MAX_LINES = 500;
  static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final JsonFactory JSON = new JsonFactory();

  private final BufferedReader reader;
  private long lineNumber;

  /** Lines {@code fromLine..toLine} (1-based) as a Bundle, or the reason they cannot be sent. */
  record Batch(long fromLine, long toLine, byte @Nullable [] bundle, @Nullable String problem) {}

  NdjsonBatches(Path file) throws IOException {
    this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }

  /** The next batch, or null at the end of the file. */
  @Nullable Batch next() throws IOException {
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    long from = lineNumber + 1;
    int lines = 0;
    String problem = null;
    String line;
    while (lines < MAX_LINES && sb.length() < MAX_BYTES && (line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      lines++;
      if (problem != null) {
        continue;
      }
      String[] typeAndId = typeAndId(line);
      if (typeAndId == null) {
        problem = "line " + lineNumber + " is not a FHIR resource with a valid resourceType and id";
        continue;
      }
      if (lines > 1) {
        sb.append(',');
      }
      sb.append("{\"resource\":").append(line).append(",\"request\":{\"method\":\"PUT\",\"url\":\"")
          .append(typeAndId[0]).append('/').append(typeAndId[1]).append("\"}}");
    }
    if (lines == 0) {
      return null;
    }
    if (problem != null) {
      return new Batch(from, lineNumber, null, problem);
    }
    sb.append("]}");
    return new Batch(from, lineNumber, sb.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  /** The top-level resourceType and id of one line, checked against FHIR's syntax; null if absent or bad JSON. */
  private static String @Nullable [] typeAndId(String line) {
    String type = null;
    String id = null;
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING && "resourceType".equals(field)) {
          type = p.getText();
        } else if (value == JsonToken.VALUE_STRING && "id".equals(field)) {
          id = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    if (type == null || id == null || !TYPE.matcher(type).matches() || !ID.matcher(id).matches()) {
      return null;
    }
    return new String[] {type, id};
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
