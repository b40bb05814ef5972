package vn.sen.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.sen.app.SenServer;

/**
 * All-or-nothing transactions and no lost update, seen from a client over HTTP
 * (https://hl7.org/fhir/R4/http.html#trules, https://hl7.org/fhir/R4/http.html#concurrency).
 */
@ExtendWith(SenServer.class)
class IntegrityTest {
  private static final int WRITERS = 8;
  private static final int UPDATES_PER_WRITER = 6;

  @Test
  void aTransactionWithOneInvalidEntryWritesNothing(SenServer.Running sen) {
    FhirHttp http = new FhirHttp(sen.baseUrl());
    String tag = "integrity-" + System.nanoTime();
    int patientsBefore = count(http, "/Patient?_summary=count");
    int observationsBefore = count(http, "/Observation?_summary=count");
    String transaction = """
        {"resourceType": "Bundle", "type": "transaction", "entry": [
          {"fullUrl": "urn:uuid:0b7c3a52-1d1e-4c0a-9a43-000000000001",
           "resource": {"resourceType": "Patient", "identifier": [{"system": "urn:sen:integrity", "value": "%1$s"}],
                        "name": [{"family": "Lê", "given": ["Thị Mai"]}]},
           "request": {"method": "POST", "url": "Patient"}},
          {"resource": {"resourceType": "Observation", "status": "final",
                        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                        "subject": {"reference": "urn:uuid:0b7c3a52-1d1e-4c0a-9a43-000000000001"},
                        "identifier": [{"system": "urn:sen:integrity", "value": "%1$s"}]},
           "request": {"method": "POST", "url": "Observation"}},
          {"resource": {"resourceType": "Patient", "id": "integrity-put-%1$s", "birthDate": "1970-02-30"},
           "request": {"method": "PUT", "url": "Patient/integrity-put-%1$s"}}
        ]}""".formatted(tag);

    FhirHttp.Reply reply = http.post("", transaction);

    assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
    assertThat(reply.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(count(http, "/Patient?_summary=count")).isEqualTo(patientsBefore);
    assertThat(count(http, "/Observation?_summary=count")).isEqualTo(observationsBefore);
    assertThat(count(http, "/Patient?identifier=urn:sen:integrity%7C" + tag + "&_summary=count")).isZero();
    assertThat(http.get("/Patient/integrity-put-" + tag).status()).isEqualTo(404);
  }

  @Test
  void concurrentUpdatesWithIfMatchNeverLoseAVersion(SenServer.Running sen) throws Exception {
    FhirHttp http = new FhirHttp(sen.baseUrl());
    String id = "integrity-race-" + System.nanoTime();
    assertThat(http.put("/Patient/" + id, patient(id, "start")).status()).isEqualTo(201);

    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<Integer>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(pool.submit((Callable<Integer>) () -> updateUntilDone(http, id, writer)));
    }
    int successes = 0;
    for (Future<Integer> f : writers) {
      successes += f.get();
    }
    pool.shutdown();

    assertThat(successes).isEqualTo(WRITERS * UPDATES_PER_WRITER);
    JsonNode current = http.get("/Patient/" + id).json();
    assertThat(current.path("meta").path("versionId").asText()).isEqualTo(String.valueOf(successes + 1));
    JsonNode history = http.get("/Patient/" + id + "/_history?_count=1000").json();
    Set<String> versions = new HashSet<>();
    Set<String> families = new HashSet<>();
    for (JsonNode entry : history.path("entry")) {
      versions.add(entry.path("resource").path("meta").path("versionId").asText());
      families.add(entry.path("resource").path("name").get(0).path("family").asText());
    }
    assertThat(history.path("entry")).hasSize(successes + 1);
    assertThat(versions).hasSize(successes + 1);
    // Every successful write is in the history under its own version: nothing was overwritten.
    assertThat(families).hasSize(successes + 1);
  }

  /** Read, update with If-Match on the version read, retry on 412; returns the successful updates. */
  private static int updateUntilDone(FhirHttp http, String id, int writer) {
    int done = 0;
    int attempts = 0;
    while (done < UPDATES_PER_WRITER && attempts < 500) {
      attempts++;
      FhirHttp.Reply read = http.get("/Patient/" + id);
      String version = read.json().path("meta").path("versionId").asText();
      FhirHttp.Reply put = http.put("/Patient/" + id, patient(id, "w" + writer + "-" + done),
          "If-Match", "W/\"" + version + "\"");
      if (put.status() == 200) {
        done++;
      } else if (put.status() != 412 && put.status() != 409) {
        throw new AssertionError("update answered " + put.status() + ": " + put.body());
      }
    }
    return done;
  }

  private static String patient(String id, String family) {
    return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"" + family + "\"}]}";
  }

  private static int count(FhirHttp http, String query) {
    FhirHttp.Reply reply = http.get(query);
    assertThat(reply.status()).as(query + " " + reply.body()).isEqualTo(200);
    return reply.json().path("total").asInt(-1);
  }
}
