package vn.sen.fhir.http;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.core.FhirException;

/**
 * Parses request bodies strictly (unknown elements, bad values and wrong cardinality are refused) and
 * encodes resources; the one place HAPI FHIR's parsers are configured.
 */
final class ResourceParser {
  private final FhirContext context;

  ResourceParser(FhirContext context) {
    this.context = context;
  }

  FhirContext context() {
    return context;
  }

  /** Parses a client's resource; anything the strict parser refuses is a 400 naming the problem. */
  Resource parse(byte[] body, Format format) {
    return parse(body, format, new StrictErrorHandler());
  }

  /** Parses leniently (unknown elements are skipped), for {@code $validate}; only syntax errors fail. */
  Resource parseLenient(byte[] body, Format format) {
    return parse(body, format, new LenientErrorHandler(false));
  }

  private Resource parse(byte[] body, Format format, IParserErrorHandler errors) {
    IParser parser = format == Format.XML ? context.newXmlParser() : context.newJsonParser();
    parser.setParserErrorHandler(errors);
    IBaseResource parsed;
    try {
      parsed = parser.parseResource(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    } catch (DataFormatException e) {
      throw FhirException.invalid("The " + format.name() + " body is not a valid FHIR resource: " + e.getMessage());
    } catch (RuntimeException e) {
      // HAPI's parsers surface some malformed input as other runtime exceptions (number formats,
      // class casts on unexpected shapes); all of them mean the client's body is unusable.
      throw FhirException.invalid("The " + format.name() + " body could not be parsed ("
          + e.getClass().getSimpleName() + ")");
    }
    if (!(parsed instanceof Resource resource)) {
      throw FhirException.invalid("The body is not an R4 resource");
    }
    return resource;
  }

  /** Parses JSON this server stored itself (valid by construction), leniently. */
  Resource parseStored(byte[] json) {
    return (Resource) context.newJsonParser().parseResource(
        new InputStreamReader(new ByteArrayInputStream(json), StandardCharsets.UTF_8));
  }

  byte[] encode(IBaseResource resource, Format format, boolean pretty) {
    IParser parser = format == Format.XML ? context.newXmlParser() : context.newJsonParser();
    parser.setPrettyPrint(pretty);
    return parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
  }

  /** Encodes a resource, subsetted as {@code _summary}/{@code _elements} ask. */
  byte[] encode(Resource resource, Format format, boolean pretty, Subsetting subsetting) {
    IParser parser = format == Format.XML ? context.newXmlParser() : context.newJsonParser();
    parser.setPrettyPrint(pretty);
    if (subsetting.active()) {
      subsetting.apply(parser);
    }
    return parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
  }
}
