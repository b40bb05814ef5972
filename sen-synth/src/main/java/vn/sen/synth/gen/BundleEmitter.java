package vn.sen.synth.gen;

import vn.sen.synth.json.JsonOut;

/** Writes one FHIR transaction Bundle: POST entries with urn:uuid fullUrls. */
public final class BundleEmitter implements Emitter {
  private final StringBuilder sb = new StringBuilder(64 * 1024);
  private final JsonOut out = new JsonOut(sb);
  private final ResourceCounts counts;
  private String currentType = "";

  public BundleEmitter(ResourceCounts counts) {
    this.counts = counts;
    out.beginObject().field("resourceType", "Bundle").field("type", "transaction").beginArray("entry");
  }

  @Override
  public JsonOut begin(String type, String uuid) {
    currentType = type;
    counts.add(type);
    out.beginObject().field("fullUrl", "urn:uuid:" + uuid).beginObject("resource");
    out.field("resourceType", type);
    return out;
  }

  @Override
  public void end() {
    out.endObject();
    out.beginObject("request").field("method", "POST").field("url", currentType).endObject();
    out.endObject();
  }

  @Override
  public String ref(String type, String uuid) {
    return "urn:uuid:" + uuid;
  }

  /** Closes the bundle and returns its JSON. */
  public String finish() {
    out.endArray().endObject();
    sb.append('\n');
    return sb.toString();
  }
}
