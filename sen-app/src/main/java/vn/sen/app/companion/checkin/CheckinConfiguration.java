package vn.sen.app.companion.checkin;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.index.WriteCheck;
import vn.sen.fhir.core.search.SearchQueryParser;
import vn.sen.fhir.http.FhirOperation;

/** Wiring of check-ins: the interpreter, the record planner and {@code Patient/{id}/$checkin}. */
@Configuration(proxyBeanMethods = false)
public class CheckinConfiguration {

  @Bean
  public CheckinInterpreter checkinInterpreter() {
    return new CheckinInterpreter();
  }

  @Bean
  public FhirOperation checkinOperation(FhirRepository repository, SearchQueryParser searchParser,
      CheckinInterpreter interpreter, IdGenerator ids, WriteCheck writeCheck, FhirContext fhir, Clock clock,
      ObjectProvider<CheckinListener> listeners) {
    return new CheckinOperation(repository, searchParser, interpreter, new CheckinRecords(ids), writeCheck, fhir,
        clock, listeners.orderedStream().toList());
  }
}
