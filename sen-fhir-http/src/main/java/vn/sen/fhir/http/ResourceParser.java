package vn.sen.fhir.http;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.util.IModelVisitor;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import vn.sen.fhir.core.FhirException;

/**
 * Parses request bodies strictly (unknown elements, bad values and wrong cardinality are refused) and
 * encodes resources; the one place HAPI FHIR's parsers are configured.
 */
final class ResourceParser {
  private static final Pattern XML_ILLEGAL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]");
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
    if (format == Format.XML) {
      xmlSafe(resource);
    }
    IParser parser = format == Format.XML ? context.newXmlParser() : context.newJsonParser();
    // HAPI strips "/_history/n" from references by default; a versioned reference is the client's data.
    parser.setStripVersionsFromReferences(false);
    parser.setPrettyPrint(pretty);
    return parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
  }

  /** Encodes a resource, subsetted as {@code _summary}/{@code _elements} ask. */
  byte[] encode(Resource resource, Format format, boolean pretty, Subsetting subsetting) {
    IParser parser = format == Format.XML ? context.newXmlParser() : context.newJsonParser();
    // HAPI strips "/_history/n" from references by default; a versioned reference is the client's data.
    parser.setStripVersionsFromReferences(false);
    parser.setPrettyPrint(pretty);
    if (subsetting.active()) {
      subsetting.apply(parser);
    }
    if (format == Format.XML) {
      xmlSafe(resource);
    }
    return parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * XML 1.0 cannot carry most control characters, which JSON strings can (an unknown search parameter
   * named with %00 is echoed in the search's OperationOutcome, for one); HAPI's XML writer then fails.
   * They become U+FFFD on the way to XML.
   */
  private void xmlSafe(IBaseResource resource) {
    context.newTerser().visit(resource, new IModelVisitor() {
      @Override
      public void acceptElement(IBaseResource root, IBase element, List<String> path,
          BaseRuntimeChildDefinition child, BaseRuntimeElementDefinition<?> definition) {
        if (element instanceof IBaseResource inner && inner != root) {
          // The terser stops at resources inside resources (Bundle entries): they are visited on their own.
          xmlSafe(inner);
        } else if (element instanceof IPrimitiveType<?> primitive && primitive.getValue() instanceof String text
            && XML_ILLEGAL.matcher(text).find()) {
          primitive.setValueAsString(XML_ILLEGAL.matcher(text).replaceAll("\uFFFD"));
        }
      }
    });
  }
}
