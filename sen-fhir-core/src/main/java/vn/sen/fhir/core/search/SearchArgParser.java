package vn.sen.fhir.core.search;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.ResourceKey;

/**
 * Parses the value of one search parameter into {@link SearchArg}s by parameter type, following
 * <a href="https://hl7.org/fhir/R4/search.html#ptypes">R4 search parameter types</a>. Every failure is
 * a {@link FhirException} with {@link ErrorCode#INVALID_REQUEST} naming the parameter and the value.
 */
final class SearchArgParser {
  /** Longest number accepted: far beyond any clinical value, short enough to keep BigDecimal cheap. */
  private static final int MAX_NUMBER_LENGTH = 64;
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");
  private static final Set<String> PREFIXES =
      Set.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap");

  private final SearchParameterRegistry registry;
  private final List<String> localBases;

  SearchArgParser(SearchParameterRegistry registry, List<String> localBases) {
    this.registry = registry;
    this.localBases = localBases;
  }

  /**
   * One argument for one comma-separated piece of a value (escapes still in place).
   *
   * @param name the parameter as written, for messages
   * @param referenceType the type of a {@code :Type} modifier on a reference, else null
   */
  SearchArg parse(
      SearchParamDef def, Modifier modifier, @Nullable String referenceType, String piece, String name) {
    return switch (def.type()) {
      case STRING -> new SearchArg.Text(SearchEscapes.unescape(piece));
      case URI -> new SearchArg.Uri(SearchEscapes.unescape(piece));
      case TOKEN -> token(def, modifier, piece, name);
      case DATE -> date(piece, name);
      case NUMBER -> number(piece, name);
      case QUANTITY -> quantity(piece, name);
      case REFERENCE -> modifier == Modifier.IDENTIFIER
          ? plainToken(piece, name)
          : reference(referenceType, piece, name);
      case COMPOSITE -> composite(def, piece, name);
      case SPECIAL ->
          throw invalid("Search parameter '" + name + "' of a special type is not supported", name);
    };
  }

  private SearchArg token(SearchParamDef def, Modifier modifier, String piece, String name) {
    if (modifier == Modifier.TEXT) {
      return new SearchArg.Text(SearchEscapes.unescape(piece));
    }
    if (modifier == Modifier.OF_TYPE) {
      List<String> parts = SearchEscapes.split(piece, '|');
      if (parts.size() != 3 || parts.stream().anyMatch(String::isEmpty)) {
        throw invalid("Invalid value '" + shown(piece) + "' for parameter '" + name
            + "': :of-type expects system|code|value", name);
      }
      return new SearchArg.Token(null, SearchEscapes.unescape(parts.get(2)),
          SearchEscapes.unescape(parts.get(0)), SearchEscapes.unescape(parts.get(1)));
    }
    if (def.code().equals("_id")) {
      // A logical id has no system; a '|' in it is simply part of a value that matches nothing.
      return SearchArg.Token.of(null, SearchEscapes.unescape(piece));
    }
    return plainToken(piece, name);
  }

  private static SearchArg.Token plainToken(String piece, String name) {
    List<String> parts = SearchEscapes.split(piece, '|');
    if (parts.size() == 1) {
      return SearchArg.Token.of(null, SearchEscapes.unescape(piece));
    }
    if (parts.size() != 2 || (parts.get(0).isEmpty() && parts.get(1).isEmpty())) {
      throw invalid("Invalid token '" + shown(piece) + "' for parameter '" + name
          + "': expected code, system|code, |code or system|", name);
    }
    String code = parts.get(1).isEmpty() ? null : SearchEscapes.unescape(parts.get(1));
    return SearchArg.Token.of(SearchEscapes.unescape(parts.get(0)), code);
  }

  private static SearchArg.Date date(String piece, String name) {
    String text = SearchEscapes.unescape(piece);
    Prefix prefix = prefixOf(text);
    String rest = hasPrefix(text) ? text.substring(2) : text;
    long[] range = SearchDates.range(rest).orElseThrow(
        () -> invalid("Invalid date '" + shown(text) + "' for parameter '" + name + "'", name));
    return new SearchArg.Date(prefix, range[0], range[1]);
  }

  private static SearchArg.Number number(String piece, String name) {
    String text = SearchEscapes.unescape(piece);
    Prefix prefix = prefixOf(text);
    BigDecimal value = decimal(hasPrefix(text) ? text.substring(2) : text, text, name);
    BigDecimal half = halfUnit(value);
    return new SearchArg.Number(prefix, value, value.subtract(half), value.add(half));
  }

  private static SearchArg.Quantity quantity(String piece, String name) {
    List<String> parts = SearchEscapes.split(piece, '|');
    if (parts.size() != 1 && parts.size() != 3) {
      throw invalid("Invalid quantity '" + shown(piece) + "' for parameter '" + name
          + "': expected [prefix]number, number|system|code or number||code", name);
    }
    String text = SearchEscapes.unescape(parts.get(0));
    Prefix prefix = prefixOf(text);
    BigDecimal value = decimal(hasPrefix(text) ? text.substring(2) : text, text, name);
    BigDecimal half = halfUnit(value);
    String system = parts.size() == 3 ? emptyToNull(parts.get(1)) : null;
    String code = parts.size() == 3 ? emptyToNull(parts.get(2)) : null;
    return new SearchArg.Quantity(prefix, value, value.subtract(half), value.add(half), system, code);
  }

  private static @Nullable String emptyToNull(String raw) {
    return raw.isEmpty() ? null : SearchEscapes.unescape(raw);
  }

  /**
   * Half a unit in the last significant place: the value stands for every number that rounds to it
   * (R4 search, number: "the precision of the number is implied by the number of significant figures"),
   * so {@code 100} is [99.5, 100.5), {@code 100.00} is [99.995, 100.005) and {@code 1e2}, one
   * significant figure, is [50, 150).
   */
  private static BigDecimal halfUnit(BigDecimal value) {
    return BigDecimal.valueOf(5, value.scale() + 1);
  }

  private static BigDecimal decimal(String digits, String written, String name) {
    if (digits.length() > MAX_NUMBER_LENGTH || !NUMBER.matcher(digits).matches()) {
      throw invalid("Invalid number '" + shown(written) + "' for parameter '" + name + "'", name);
    }
    return new BigDecimal(digits);
  }

  private SearchArg.Reference reference(@Nullable String typeModifier, String piece, String name) {
    String value = SearchEscapes.unescape(piece);
    SearchArg.Reference ref;
    if (value.contains("://") || value.startsWith("urn:")) {
      String relative = stripLocalBase(value);
      ref = relative == null
          ? new SearchArg.Reference(null, null, value)
          : relativeReference(typeModifier, relative, false, value, name);
    } else {
      ref = relativeReference(typeModifier, value, true, value, name);
    }
    if (typeModifier != null && ref.type() != null && !typeModifier.equals(ref.type())) {
      throw invalid("Reference '" + shown(value) + "' for parameter '" + name + "' is not a "
          + typeModifier, name);
    }
    return ref;
  }

  private @Nullable String stripLocalBase(String url) {
    for (String base : localBases) {
      if (url.length() > base.length() + 1
          && url.regionMatches(true, 0, base, 0, base.length())
          && url.charAt(base.length()) == '/') {
        return url.substring(base.length() + 1);
      }
    }
    return null;
  }

  /** {@code Type/id[/_history/n]}, or a bare {@code id} unless the value was an absolute local URL. */
  private SearchArg.Reference relativeReference(
      @Nullable String typeModifier, String relative, boolean bareId, String written, String name) {
    String[] parts = relative.split("/", -1);
    boolean typed = parts.length == 2 || (parts.length == 4 && parts[2].equals("_history"));
    if (bareId && parts.length == 1 && ResourceKey.isValidId(parts[0])) {
      return new SearchArg.Reference(typeModifier, parts[0], null);
    }
    if (typed && registry.isResourceType(parts[0]) && ResourceKey.isValidId(parts[1])) {
      return new SearchArg.Reference(parts[0], parts[1], null);
    }
    throw invalid("Invalid reference '" + shown(written) + "' for parameter '" + name
        + "': expected id, Type/id or an absolute URL", name);
  }

  private SearchArg.Composite composite(SearchParamDef def, String piece, String name) {
    List<SearchParamDef> components = registry.components(def);
    List<String> parts = SearchEscapes.split(piece, '$');
    if (parts.size() != components.size()) {
      throw invalid("Invalid value '" + shown(piece) + "' for composite parameter '" + name + "': expected "
          + components.size() + " parts separated by $", name);
    }
    List<SearchArg> args = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      SearchParamDef component = components.get(i);
      if (parts.get(i).isEmpty() || component.type() == SearchParamType.COMPOSITE) {
        throw invalid("Invalid value '" + shown(piece) + "' for composite parameter '" + name + "'", name);
      }
      args.add(parse(component, Modifier.NONE, null, parts.get(i), name));
    }
    return new SearchArg.Composite(List.copyOf(args));
  }

  private static boolean hasPrefix(String text) {
    return text.length() >= 2 && PREFIXES.contains(text.substring(0, 2));
  }

  private static Prefix prefixOf(String text) {
    return hasPrefix(text) ? Prefix.valueOf(text.substring(0, 2).toUpperCase(Locale.ROOT)) : Prefix.EQ;
  }

  static FhirException invalid(String message, @Nullable String name) {
    return new FhirException(ErrorCode.INVALID_REQUEST, message, name);
  }

  /** A value as shown in a message: cut short so a huge or hostile value cannot flood the outcome. */
  static String shown(String value) {
    if (value.length() <= 80) {
      return value;
    }
    int cut = Character.isHighSurrogate(value.charAt(79)) ? 79 : 80;
    return value.substring(0, cut) + "…";
  }
}
