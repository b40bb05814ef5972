package vn.sen.fhir.core.index;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;

/**
 * Parses the FHIRPath subset that search parameter expressions use into {@link FastPath} nodes:
 * paths, {@code |}, {@code as}/{@code is}, {@code as()}, {@code ofType()}, {@code where()},
 * {@code resolve() is T}, {@code exists()}, {@code empty()}, {@code not()}, {@code first()},
 * {@code extension('url')}, {@code [n]}, {@code =}, {@code !=}, {@code and}, {@code or} and literals.
 * Anything else is refused with {@link Unsupported}, and the caller falls back to HAPI's engine.
 */
final class FastPathParser {

  /** The expression uses FHIRPath beyond the subset. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private final List<String> tokens;
  private int pos;

  private FastPathParser(List<String> tokens) {
    this.tokens = tokens;
  }

  static FastPath parse(String expression) throws Unsupported {
    FastPathParser parser = new FastPathParser(FastPathTokenizer.tokenize(expression));
    FastPath node = parser.or();
    if (parser.pos != parser.tokens.size()) {
      throw new Unsupported("unexpected '" + parser.tokens.get(parser.pos) + "'");
    }
    return node;
  }

  private FastPath or() throws Unsupported {
    FastPath left = and();
    while (accept("or")) {
      left = new FastPath.Logic(left, and(), false);
    }
    return left;
  }

  private FastPath and() throws Unsupported {
    FastPath left = equality();
    while (accept("and")) {
      left = new FastPath.Logic(left, equality(), true);
    }
    return left;
  }

  private FastPath equality() throws Unsupported {
    FastPath left = union();
    if (accept("=")) {
      return new FastPath.Equality(left, union(), false);
    }
    if (accept("!=")) {
      return new FastPath.Equality(left, union(), true);
    }
    return left;
  }

  private FastPath union() throws Unsupported {
    FastPath first = typed();
    if (!peek("|")) {
      return first;
    }
    List<FastPath> branches = new ArrayList<>();
    branches.add(first);
    while (accept("|")) {
      branches.add(typed());
    }
    return new FastPath.Union(List.copyOf(branches));
  }

  private FastPath typed() throws Unsupported {
    FastPath operand = postfix();
    if (accept("as")) {
      return new FastPath.OfType(operand, identifier());
    }
    if (accept("is")) {
      String type = identifier();
      return operand instanceof FastPath.Resolve
          ? new FastPath.ResolveIs(type)
          : new FastPath.Is(operand, type);
    }
    if (operand instanceof FastPath.Resolve) {
      throw new Unsupported("resolve() outside 'resolve() is Type'");
    }
    return operand;
  }

  private FastPath postfix() throws Unsupported {
    FastPath node = term();
    while (true) {
      if (accept(".")) {
        if (node instanceof FastPath.Resolve) {
          throw new Unsupported("navigation after resolve()");
        }
        node = invocation(node, false);
      } else if (accept("[")) {
        int index = integer(next());
        expect("]");
        node = new FastPath.Index(node, index);
      } else {
        return node;
      }
    }
  }

  private FastPath term() throws Unsupported {
    String t = next();
    if (t.equals("(")) {
      FastPath inner = or();
      expect(")");
      return inner;
    }
    if (t.startsWith("'")) {
      return new FastPath.Literal(new StringType(t.substring(1)));
    }
    if (t.equals("true") || t.equals("false")) {
      return new FastPath.Literal(new BooleanType(Boolean.parseBoolean(t)));
    }
    if (Character.isDigit(t.charAt(0))) {
      return new FastPath.Literal(new IntegerType(integer(t)));
    }
    pos--;
    return invocation(new FastPath.This(), true);
  }

  private FastPath invocation(FastPath operand, boolean root) throws Unsupported {
    String name = identifier();
    if (!accept("(")) {
      // Element names start lower-case; an upper-case name opening an expression is a type.
      FastPath child = root && Character.isUpperCase(name.charAt(0))
          ? new FastPath.TypeName(name)
          : new FastPath.Child(name);
      return operand instanceof FastPath.This ? child : new FastPath.Chain(operand, child);
    }
    FastPath result = switch (name) {
      case "where" -> new FastPath.Where(operand, or());
      case "as", "ofType" -> new FastPath.OfType(operand, identifier());
      case "exists" -> new FastPath.Exists(operand, true);
      case "empty" -> new FastPath.Exists(operand, false);
      case "not" -> new FastPath.Not(operand);
      case "first" -> new FastPath.Index(operand, 0);
      case "extension" -> new FastPath.ExtensionByUrl(operand, stringLiteral());
      case "resolve" -> {
        if (!(operand instanceof FastPath.This)) {
          throw new Unsupported("resolve() on a path");
        }
        yield new FastPath.Resolve();
      }
      default -> throw new Unsupported("function " + name + "()");
    };
    expect(")");
    return result;
  }

  private String identifier() throws Unsupported {
    String t = next();
    if (!FastPathTokenizer.isIdentifier(t)) {
      throw new Unsupported("expected a name, found '" + t + "'");
    }
    return t.startsWith("`") ? t.substring(1, t.length() - 1) : t;
  }

  private String stringLiteral() throws Unsupported {
    String t = next();
    if (!t.startsWith("'")) {
      throw new Unsupported("expected a string, found '" + t + "'");
    }
    return t.substring(1);
  }

  private static int integer(String t) throws Unsupported {
    try {
      return Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new Unsupported("expected an integer, found '" + t + "'");
    }
  }

  private String next() throws Unsupported {
    if (pos >= tokens.size()) {
      throw new Unsupported("unexpected end");
    }
    return tokens.get(pos++);
  }

  private boolean peek(String token) {
    return pos < tokens.size() && tokens.get(pos).equals(token);
  }

  private boolean accept(String token) {
    if (peek(token)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String token) throws Unsupported {
    if (!accept(token)) {
      throw new Unsupported("expected '" + token + "'");
    }
  }
}
