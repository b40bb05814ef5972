package vn.sen.app.companion.risk;

import java.util.function.Consumer;

/** Where patients' records come from: Sen's store, or a generated population's NDJSON files. */
interface RecordSource {

  /** Calls {@code consumer} once per patient with the history read from the record. */
  void forEachPatient(Consumer<PatientHistory> consumer);
}
