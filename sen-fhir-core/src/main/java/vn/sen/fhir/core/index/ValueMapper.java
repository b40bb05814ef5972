package vn.sen.fhir.core.index;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.UriType;
import org.jspecify.annotations.Nullable;
import vn.sen.fhir.core.search.SearchParamType;

/**
 * Maps the elements a search expression selects to index values, by parameter type, following the
 * conventions the store and the query parser share (see {@link FhirPathIndexExtractor}).
 */
final class ValueMapper {
  static final String ISO_4217 = "urn:iso:std:iso:4217";

  private final List<String> localBases;

  ValueMapper(List<String> localBases) {
    this.localBases = localBases;
  }

  void map(SearchParamType type, Base element, Collection<IndexValue> out) {
    switch (type) {
      case TOKEN -> token(element, out);
      case STRING -> text(element, out);
      case DATE -> date(element, out);
      case NUMBER -> number(element, out);
      case QUANTITY -> quantity(element, out);
      case REFERENCE -> reference(element, out);
      case URI -> uri(element, out);
      case SPECIAL -> special(element, out);
      case COMPOSITE -> { } // composites are assembled from their components by the extractor
    }
  }

  private static void token(Base e, Collection<IndexValue> out) {
    switch (e) {
      case Coding c -> {
        if (c.hasCode() || c.hasSystem() || c.hasDisplay()) {
          out.add(new IndexValue.Token(c.getSystem(), c.getCode(), blankToNull(c.getDisplay()), null, null));
        }
      }
      case CodeableConcept cc -> codeableConcept(cc, out);
      case Identifier id -> {
        if (id.hasValue() || id.hasSystem()) {
          // has…() before get…(): HAPI's getters create missing elements, and extraction must not
          // change the resource that is stored afterwards.
          CodeableConcept type = id.hasType() ? id.getType() : null;
          Coding coding = type != null && type.hasCoding() ? type.getCoding().get(0) : null;
          out.add(new IndexValue.Token(
              id.getSystem(), id.getValue(), type == null ? null : blankToNull(type.getText()),
              coding == null ? null : coding.getSystem(), coding == null ? null : coding.getCode()));
        }
      }
      case ContactPoint cp -> {
        if (cp.hasValue()) {
          out.add(IndexValue.Token.of(cp.hasSystem() ? cp.getSystem().toCode() : null, cp.getValue()));
        }
      }
      case IdType id -> {
        if (id.hasIdPart()) {
          out.add(IndexValue.Token.of(null, id.getIdPart()));
        }
      }
      case BooleanType b -> {
        if (b.getValue() != null) {
          out.add(IndexValue.Token.of(null, b.getValue() ? "true" : "false"));
        }
      }
      case PrimitiveType<?> p -> {
        String v = p.getValueAsString();
        if (v != null && !v.isBlank()) {
          out.add(IndexValue.Token.of(null, v));
        }
      }
      default -> { }
    }
  }

  private static void codeableConcept(CodeableConcept cc, Collection<IndexValue> out) {
    String text = blankToNull(cc.getText());
    boolean any = false;
    for (Coding c : cc.getCoding()) {
      if (c.hasCode() || c.hasSystem()) {
        out.add(new IndexValue.Token(
            c.getSystem(), c.getCode(), text != null ? text : blankToNull(c.getDisplay()), null, null));
        any = true;
      }
    }
    if (!any && text != null) {
      out.add(new IndexValue.Token(null, null, text, null, null));
    }
  }

  private static void text(Base e, Collection<IndexValue> out) {
    switch (e) {
      case HumanName n -> {
        addText(n.getFamily(), out);
        n.getGiven().forEach(g -> addText(g.getValue(), out));
        n.getPrefix().forEach(g -> addText(g.getValue(), out));
        n.getSuffix().forEach(g -> addText(g.getValue(), out));
        addText(n.getText(), out);
        if (!n.hasText() && n.hasFamily() && n.hasGiven()) {
          // the whole name, so that "nguyen van an" finds family "Nguyễn" + given "Văn An": Vietnamese
          // order (family first), and Western order for names written the other way round
          String given = n.getGivenAsSingleString();
          addText(n.getFamily() + " " + given, out);
          addText(given + " " + n.getFamily(), out);
        }
      }
      case Address a -> {
        a.getLine().forEach(l -> addText(l.getValue(), out));
        addText(a.getCity(), out);
        addText(a.getDistrict(), out);
        addText(a.getState(), out);
        addText(a.getPostalCode(), out);
        addText(a.getCountry(), out);
        addText(a.getText(), out);
      }
      case PrimitiveType<?> p -> addText(p.getValueAsString(), out);
      default -> { }
    }
  }

  private static void addText(@Nullable String value, Collection<IndexValue> out) {
    if (value != null && !value.isBlank()) {
      out.add(new IndexValue.Text(value));
    }
  }

  private static void date(Base e, Collection<IndexValue> out) {
    switch (e) {
      case BaseDateTimeType d -> {
        IndexValue.DateRange r = DateRanges.parse(d.getValueAsString());
        if (r != null) {
          out.add(r);
        }
      }
      case Period p -> period(p, out);
      case Timing t -> timing(t, out);
      default -> { }
    }
  }

  private static void period(Period p, Collection<IndexValue> out) {
    IndexValue.DateRange start = p.hasStart() ? DateRanges.parse(p.getStartElement().getValueAsString()) : null;
    IndexValue.DateRange end = p.hasEnd() ? DateRanges.parse(p.getEndElement().getValueAsString()) : null;
    if (start == null && end == null) {
      return;
    }
    out.add(new IndexValue.DateRange(
        start == null ? Long.MIN_VALUE : start.low(), end == null ? Long.MAX_VALUE : end.high()));
  }

  private static void timing(Timing t, Collection<IndexValue> out) {
    long low = Long.MAX_VALUE;
    long high = Long.MIN_VALUE;
    boolean any = false;
    for (DateTimeType event : t.getEvent()) {
      IndexValue.DateRange r = DateRanges.parse(event.getValueAsString());
      if (r != null) {
        low = Math.min(low, r.low());
        high = Math.max(high, r.high());
        any = true;
      }
    }
    if (any) {
      out.add(new IndexValue.DateRange(low, high));
    } else if (t.hasRepeat() && t.getRepeat().hasBoundsPeriod()) {
      period(t.getRepeat().getBoundsPeriod(), out);
    }
  }

  private static void number(Base e, Collection<IndexValue> out) {
    switch (e) {
      case DecimalType d when d.getValue() != null -> out.add(new IndexValue.Number(d.getValue()));
      case IntegerType i when i.getValue() != null ->
          out.add(new IndexValue.Number(BigDecimal.valueOf(i.getValue())));
      case Range r -> {
        // RiskAssessment.probability may be a Range: both ends are numbers.
        if (r.hasLow() && r.getLow().hasValue()) {
          out.add(new IndexValue.Number(r.getLow().getValue()));
        }
        if (r.hasHigh() && r.getHigh().hasValue()) {
          out.add(new IndexValue.Number(r.getHigh().getValue()));
        }
      }
      default -> { }
    }
  }

  private static void quantity(Base e, Collection<IndexValue> out) {
    switch (e) {
      case Quantity q -> {
        if (q.getValue() != null) {
          out.add(new IndexValue.Quantity(q.getValue(), q.getSystem(), q.getCode(), q.getUnit()));
        }
      }
      case Money m -> {
        if (m.getValue() != null) {
          out.add(new IndexValue.Quantity(m.getValue(), ISO_4217, m.getCurrency(), m.getCurrency()));
        }
      }
      case Range r -> {
        if (r.hasLow()) {
          quantity(r.getLow(), out);
        }
        if (r.hasHigh()) {
          quantity(r.getHigh(), out);
        }
      }
      default -> { }
    }
  }

  private void reference(Base e, Collection<IndexValue> out) {
    switch (e) {
      case Reference r -> {
        IndexValue.Reference value = ReferenceTarget.parse(r.getReference(), localBases);
        if (value != null) {
          out.add(value);
        }
        if (r.hasIdentifier() && r.getIdentifier().hasValue()) {
          out.add(IndexValue.Token.of(r.getIdentifier().getSystem(), r.getIdentifier().getValue()));
        }
      }
      case UriType u -> {
        if (u.hasValue() && !u.getValue().isBlank()) {
          out.add(new IndexValue.Reference(null, null, u.getValue()));
        }
      }
      case Resource r -> {
        // A bundled resource (Bundle.composition, Bundle.message) is its own target only when it
        // carries a real id, not the urn:uuid HAPI copies from the entry's fullUrl.
        if (r.hasId() && r.getIdElement().hasIdPart() && PrimitiveRules.isValidId(r.getIdElement().getIdPart())) {
          out.add(new IndexValue.Reference(r.fhirType(), r.getIdElement().getIdPart(), null));
        }
      }
      default -> { }
    }
  }

  private static void uri(Base e, Collection<IndexValue> out) {
    if (e instanceof UriType u && u.hasValue() && !u.getValue().isBlank()) {
      out.add(new IndexValue.Uri(u.getValue()));
    } else if (e instanceof StringType s && s.hasValue() && !s.getValue().isBlank()) {
      out.add(new IndexValue.Uri(s.getValue()));
    }
  }

  private static void special(Base e, Collection<IndexValue> out) {
    if (e instanceof Location.LocationPositionComponent p && p.hasLatitude() && p.hasLongitude()) {
      out.add(new IndexValue.Position(p.getLatitude().doubleValue(), p.getLongitude().doubleValue()));
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
