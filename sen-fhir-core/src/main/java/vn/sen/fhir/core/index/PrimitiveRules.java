package vn.sen.fhir.core.index;

import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.Issue;

/**
 * Checks of single primitive values against the R4 data type rules HAPI's model does not enforce
 * (<a href="https://hl7.org/fhir/R4/datatypes.html#primitive">R4 primitive types</a>). Messages
 * quote codes but never other values, which may be patient data. Written without regular
 * expressions: they run for every code and date of every write.
 */
final class PrimitiveRules {
  static final String ID_RULE = "1 to 64 letters, digits, '-' or '.'";

  private PrimitiveRules() {}

  /** R4 id: {@code [A-Za-z0-9\-\.]{1,64}}. */
  static boolean isValidId(String id) {
    int n = id.length();
    if (n == 0 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** R4 code: {@code [^\s]+(\s[^\s]+)*}, i.e. no leading, trailing or repeated whitespace. */
  static boolean isValidCode(String code) {
    int n = code.length();
    if (n == 0 || Character.isWhitespace(code.charAt(0)) || Character.isWhitespace(code.charAt(n - 1))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      if (Character.isWhitespace(code.charAt(i)) && Character.isWhitespace(code.charAt(i - 1))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a date/time text ends in a zone ({@code Z} or {@code ±hh:mm}). */
  static boolean hasZone(String text) {
    int n = text.length();
    if (n > 0 && text.charAt(n - 1) == 'Z') {
      return true;
    }
    return n >= 6 && text.charAt(n - 3) == ':' && (text.charAt(n - 6) == '+' || text.charAt(n - 6) == '-')
        && text.indexOf('T') > 0;
  }

  static boolean isNarrativeDiv(XhtmlNode node) {
    return node.getNodeType() == NodeType.Element && "div".equals(node.getName())
        || node.getNodeType() == NodeType.Document && node.getFirstElement() != null
            && "div".equals(node.getFirstElement().getName());
  }

  static @Nullable Issue check(PrimitiveType<?> p, ElementPath path) {
    String text = p.getValueAsString();
    if (text == null) {
      return null;
    }
    if (p.getValue() == null) {
      String at = path.toString();
      if (p instanceof Enumeration<?>) {
        return Issue.error("code-invalid", "Unknown code '" + clip(text) + "' for " + at, at);
      }
      return Issue.error("invalid", "Invalid " + p.fhirType() + " value at " + at, at);
    }
    String problem = switch (p) {
      case IdType id when id.hasIdPart() && !isValidId(id.getIdPart()) -> "invalid:Invalid id at %s: " + ID_RULE;
      case InstantType instant when text.length() < 20 || !hasZone(text) ->
          "invalid:Instant at %s needs seconds and a time zone";
      case BaseDateTimeType dt when text.indexOf('T') > 0 && !hasZone(text) ->
          "invalid:Time at %s needs a time zone";
      case CodeType code when !isValidCode(text) ->
          "code-invalid:Code at %s has leading, trailing or repeated whitespace";
      case Enumeration<?> e when !isValidCode(text) ->
          "code-invalid:Code at %s has leading, trailing or repeated whitespace";
      default -> null;
    };
    if (problem == null) {
      return null;
    }
    String at = path.toString();
    int colon = problem.indexOf(':');
    return Issue.error(problem.substring(0, colon), problem.substring(colon + 1).formatted(at), at);
  }

  private static String clip(String code) {
    return code.length() <= 64 ? code : code.substring(0, 64) + "…";
  }
}
