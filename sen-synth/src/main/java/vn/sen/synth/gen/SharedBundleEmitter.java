package vn.sen.synth.gen;

import vn.sen.synth.json.JsonOut;

/** Writes the shared reference resources as one transaction of PUTs with fixed ids (idempotent). */
public final class SharedBundleEmitter implements Emitter {
  private final StringBuilder sb = new StringBuilder(1 << 20);
  private final JsonOut out = new JsonOut(sb);
  private final ResourceCounts counts;
  private String currentType = "";
  private String currentId = "";

  public SharedBundleEmitter(ResourceCounts counts) {
    this.counts = counts;
    out.beginObject().field("resourceType", "Bundle").field("type", "transaction").beginArray("entry");
  }

  @Override
  public JsonOut begin(String type, String id) {
    currentType = type;
    currentId = id;
    counts.add(type);
    String fullUrl = "urn:uuid:"
        + java.util.UUID.nameUUIDFromBytes((type + "/" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.beginObject().field("fullUrl", fullUrl).beginObject("resource").field("resourceType", type)
        .field("id", id);
    return out;
  }

  @Override
  public void end() {
    out.endObject();
    out.beginObject("request")
        .field("method", "PUT")
        .field("url", currentType + "/" + currentId)
        .endObject();
    out.endObject();
  }

  @Override
  public String ref(String type, String id) {
    return type + "/" + id;
  }

  public String finish() {
    out.endArray().endObject();
    sb.append('\n');
    return sb.toString();
  }
}
