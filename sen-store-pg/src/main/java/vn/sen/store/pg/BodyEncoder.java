package vn.sen.store.pg;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Resource;

/**
 * Encodes a resource version as the JSON the store keeps. It uses a FHIR context of its own, set for
 * stored bodies: references are written as given, versions included ({@code Observation/1/_history/2}
 * is the client's data), and HAPI does not look for referenced resource objects to contain. That
 * search walks every reference of every resource on each encode (about a quarter of the encoder's
 * time on ingest) and never finds anything on the write path: a parsed resource's references hold
 * strings, and a transaction unlinks the entries HAPI links while parsing a Bundle. Contained
 * resources the client wrote in {@code contained} are encoded as always.
 */
final class BodyEncoder {
  private final FhirContext context;

  BodyEncoder(FhirContext model) {
    // a context of its own: the parser options are context-wide, and the application's context is shared
    this.context = FhirContext.forVersion(model.getVersion().getVersion());
    this.context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    this.context.getParserOptions().setStripVersionsFromReferences(false);
  }

  byte[] encode(Resource resource) {
    IParser parser = context.newJsonParser();
    parser.setStripVersionsFromReferences(false);
    return parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
  }
}
