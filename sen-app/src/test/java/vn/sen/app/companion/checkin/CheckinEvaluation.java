package vn.sen.app.companion.checkin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;

/**
 * Runs a labelled set of check-ins (TSV: text, intent, urgent, redFlag, doseTime, medication, symptoms,
 * style) through the interpreter and computes the figures docs/companion.md reports.
 */
final class CheckinEvaluation {
  /** Medicine classes used in the labels, as the INN keys of the evaluation patient's prescriptions. */
  static final Map<String, Set<String>> CLASSES = Map.of(
      "bp", Set.of("amlodipine", "losartan"),
      "diabetes", Set.of("metformin", "gliclazide"),
      "lipid", Set.of("atorvastatin"),
      "antiplatelet", Set.of("aspirin"));
  /** Sent at 09:30 in Hanoi, as most check-ins are answered after the morning reminder. */
  static final Instant SENT = Instant.parse("2026-03-10T02:30:00Z");

  record Row(String text, String intent, boolean urgent, String redFlag, String doseTime, Set<String> medications,
      Set<String> symptoms, Set<String> styles) {}

  record Outcome(Row row, Interpretation got) {
    boolean intentRight() {
      return got.intent().code().equals(row.intent());
    }

    String doseLabel() {
      DoseTime d = got.doseTime();
      if (d == null || (d.period() == null && d.day() == DoseTime.Day.TODAY)) {
        return "-";
      }
      return d.label();
    }

    Set<String> medications() {
      return got.medications().stream().map(ActiveMedication::requestId).collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> symptoms() {
      return got.symptoms().stream().map(Symptom::code).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private CheckinEvaluation() {}

  /** The evaluation patient: the usual hypertension + diabetes + dyslipidaemia + antiplatelet regimen. */
  static List<ActiveMedication> patientMedications(CheckinInterpreter interpreter) {
    List<ActiveMedication> out = new ArrayList<>();
    out.add(withMedication(interpreter, "amlodipine", "C08CA01", "amlodipine", "Amlodipin 5 mg (Amlor)", "MORN"));
    out.add(inline(interpreter, "losartan", "C09CA01", "losartan", "Losartan 50 mg (Cozaar)", "MORN"));
    out.add(withMedication(interpreter, "metformin", "A10BA02", "metformin", "Metformin 850 mg (Glucophage)",
        "PCM", "PCV"));
    out.add(inline(interpreter, "gliclazide", "A10BB09", "gliclazide", "Gliclazid 30 mg (Diamicron MR)", "ACM"));
    out.add(withMedication(interpreter, "atorvastatin", "C10AA05", "atorvastatin", "Atorvastatin 20 mg (Lipitor)",
        "HS"));
    out.add(inline(interpreter, "aspirin", "B01AC06", "acetylsalicylic acid", "Aspirin 81 mg", "PCM"));
    return out;
  }

  static MedicationRequest request(String id, String... when) {
    MedicationRequest r = new MedicationRequest();
    r.setId(id);
    r.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    r.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    r.setSubject(new Reference("Patient/p"));
    Timing.TimingRepeatComponent repeat = r.addDosageInstruction().getTiming().getRepeat();
    repeat.setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
    for (String w : when) {
      repeat.addWhen(Timing.EventTiming.fromCode(w));
    }
    return r;
  }

  private static ActiveMedication withMedication(CheckinInterpreter interpreter, String id, String atc, String inn,
      String text, String... when) {
    Medication m = new Medication();
    m.setId("med-" + id);
    m.setCode(new CodeableConcept().setText(text));
    m.getCode().addCoding().setSystem("http://www.whocc.no/atc").setCode(atc).setDisplay(inn);
    MedicationRequest r = request(id, when);
    r.setMedication(new Reference("Medication/med-" + id));
    return interpreter.activeMedication(r, m);
  }

  private static ActiveMedication inline(CheckinInterpreter interpreter, String id, String atc, String inn,
      String text, String... when) {
    MedicationRequest r = request(id, when);
    CodeableConcept c = new CodeableConcept().setText(text);
    c.addCoding().setSystem("http://www.whocc.no/atc").setCode(atc).setDisplay(inn);
    r.setMedication(c);
    return interpreter.activeMedication(r, null);
  }

  static List<Row> load(String resource) {
    try (InputStream in = CheckinEvaluation.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      List<Row> rows = new ArrayList<>();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        String[] f = lines[i].split("\t", -1);
        if (f.length != 8) {
          throw new IllegalStateException(resource + " line " + (i + 1) + " has " + f.length + " fields");
        }
        rows.add(new Row(f[0], f[1], f[2].equals("y"), f[3], f[4], medications(f[5]), set(f[6]), set(f[7])));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> set(String field) {
    return field.equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(field.split(",")));
  }

  private static Set<String> medications(String field) {
    Set<String> out = new TreeSet<>();
    for (String m : set(field)) {
      out.addAll(CLASSES.getOrDefault(m, Set.of(m)));
    }
    return out;
  }

  static List<Outcome> run(CheckinInterpreter interpreter, List<Row> rows) {
    List<ActiveMedication> meds = patientMedications(interpreter);
    List<Outcome> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new Outcome(r, interpreter.interpret(
          new CheckinMessage(r.text(), SENT, CheckinMessage.DEFAULT_ZONE, meds))));
    }
    return out;
  }

  /** The figures of one run. */
  record Figures(int n, double accuracy, double redFlagRecall, double urgentPrecision, double doseTimeAccuracy,
      double medicationAccuracy, double symptomRecall, double symptomPrecision, Map<String, double[]> perIntent,
      Map<String, Map<String, Integer>> confusion, Map<String, double[]> perStyle, Map<String, int[]> perRedFlag,
      List<Outcome> errors, List<Outcome> doseErrors) {}

  static Figures figures(List<Outcome> outcomes) {
    int right = 0;
    int urgent = 0;
    int urgentFound = 0;
    int predictedUrgent = 0;
    int doseRight = 0;
    int medsRight = 0;
    int symptomsLabelled = 0;
    int symptomsFound = 0;
    int symptomsPredicted = 0;
    int symptomsCorrect = 0;
    Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    Map<String, int[]> style = new TreeMap<>();
    Map<String, int[]> flags = new TreeMap<>();
    List<Outcome> errors = new ArrayList<>();
    List<Outcome> doseErrors = new ArrayList<>();
    for (Outcome o : outcomes) {
      Row r = o.row();
      boolean ok = o.intentRight();
      right += ok ? 1 : 0;
      if (!ok || r.urgent() != o.got().urgent()) {
        errors.add(o);
      }
      confusion.computeIfAbsent(r.intent(), k -> new TreeMap<>()).merge(o.got().intent().code(), 1, Integer::sum);
      for (String s : r.styles()) {
        int[] c = style.computeIfAbsent(s, k -> new int[2]);
        c[0]++;
        c[1] += ok ? 1 : 0;
      }
      if (r.urgent()) {
        urgent++;
        urgentFound += o.got().urgent() ? 1 : 0;
        int[] c = flags.computeIfAbsent(r.redFlag(), k -> new int[2]);
        c[0]++;
        c[1] += o.got().urgent() ? 1 : 0;
      }
      predictedUrgent += o.got().urgent() ? 1 : 0;
      if (o.doseLabel().equals(r.doseTime())) {
        doseRight++;
      } else {
        doseErrors.add(o);
      }
      medsRight += o.medications().equals(r.medications()) ? 1 : 0;
      if (!r.urgent()) {
        Set<String> got = o.symptoms();
        symptomsLabelled += r.symptoms().size();
        symptomsPredicted += got.size();
        for (String s : r.symptoms()) {
          symptomsFound += got.contains(s) ? 1 : 0;
        }
        for (String s : got) {
          symptomsCorrect += r.symptoms().contains(s) ? 1 : 0;
        }
      }
    }
    Map<String, double[]> perIntent = new LinkedHashMap<>();
    for (Intent i : Intent.values()) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (Outcome o : outcomes) {
        boolean label = o.row().intent().equals(i.code());
        boolean got = o.got().intent() == i;
        tp += label && got ? 1 : 0;
        fp += !label && got ? 1 : 0;
        fn += label && !got ? 1 : 0;
      }
      perIntent.put(i.code(), new double[] {ratio(tp, tp + fp), ratio(tp, tp + fn), tp + fn});
    }
    Map<String, double[]> perStyle = new TreeMap<>();
    style.forEach((k, v) -> perStyle.put(k, new double[] {v[0], ratio(v[1], v[0])}));
    int n = outcomes.size();
    return new Figures(n, ratio(right, n), ratio(urgentFound, urgent), ratio(urgentFound, predictedUrgent),
        ratio(doseRight, n), ratio(medsRight, n), ratio(symptomsFound, symptomsLabelled),
        ratio(symptomsCorrect, symptomsPredicted), perIntent, confusion, perStyle, flags, errors, doseErrors);
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 1.0 : (double) a / b;
  }

  static String markdown(String title, Figures f) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(title).append("\n\n");
    b.append(String.format(Locale.ROOT, "messages %d; intent accuracy %.3f; red-flag recall %.3f; urgent precision "
        + "%.3f; dose time %.3f; medications %.3f; symptom recall %.3f, precision %.3f%n%n", f.n(), f.accuracy(),
        f.redFlagRecall(), f.urgentPrecision(), f.doseTimeAccuracy(), f.medicationAccuracy(), f.symptomRecall(),
        f.symptomPrecision()));
    b.append("| intent | n | precision | recall |\n|---|---|---|---|\n");
    f.perIntent().forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", k, (int) v[2],
        v[0], v[1])));
    List<String> codes = Arrays.stream(Intent.values()).map(Intent::code).toList();
    b.append("\nConfusion (rows: label, columns: interpreted)\n\n| label |");
    codes.forEach(c -> b.append(' ').append(c).append(" |"));
    b.append("\n|---|").append("---|".repeat(codes.size())).append('\n');
    for (String label : codes) {
      b.append("| ").append(label).append(" |");
      Map<String, Integer> row = f.confusion().getOrDefault(label, Map.of());
      for (String c : codes) {
        b.append(' ').append(row.getOrDefault(c, 0)).append(" |");
      }
      b.append('\n');
    }
    b.append("\n| red flag | n | recognised urgent |\n|---|---|---|\n");
    f.perRedFlag().forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v[0]).append(" | ").append(v[1])
        .append(" |\n"));
    b.append("\n| style | n | intent accuracy |\n|---|---|---|\n");
    f.perStyle().forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %d | %.3f |%n", k, (int) v[0], v[1])));
    b.append("\nErrors (intent or urgency)\n\n");
    for (Outcome o : f.errors()) {
      b.append("- `").append(o.row().text()).append("` label ").append(o.row().intent())
          .append(o.row().urgent() ? " (urgent)" : "").append(", got ").append(o.got().intent().code())
          .append(o.got().urgent() ? " (urgent)" : "").append('\n');
    }
    b.append("\nDose time differences\n\n");
    for (Outcome o : f.doseErrors()) {
      b.append("- `").append(o.row().text()).append("` label ").append(o.row().doseTime()).append(", got ")
          .append(o.doseLabel()).append('\n');
    }
    return b.toString();
  }
}
