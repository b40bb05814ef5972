package vn.sen.synth.gen;

import java.util.Map;
import java.util.TreeMap;
import vn.sen.synth.json.JsonOut;

/** Collects one NDJSON line per resource, grouped by resource type, ids as given. */
public final class NdjsonEmitter implements Emitter {
  private final Map<String, StringBuilder> byType = new TreeMap<>();
  private final ResourceCounts counts;
  private JsonOut current = new JsonOut(new StringBuilder());

  public NdjsonEmitter(ResourceCounts counts) {
    this.counts = counts;
  }

  @Override
  public JsonOut begin(String type, String uuid) {
    counts.add(type);
    StringBuilder sb = byType.computeIfAbsent(type, t -> new StringBuilder(4096));
    current = new JsonOut(sb);
    current.beginObject().field("resourceType", type).field("id", uuid);
    return current;
  }

  @Override
  public void end() {
    current.endObject();
    current.buffer().append('\n');
  }

  @Override
  public String ref(String type, String uuid) {
    return type + "/" + uuid;
  }

  /** NDJSON text per resource type, in type-name order. */
  public Map<String, String> finish() {
    Map<String, String> out = new TreeMap<>();
    byType.forEach((k, v) -> out.put(k, v.toString()));
    return out;
  }
}
