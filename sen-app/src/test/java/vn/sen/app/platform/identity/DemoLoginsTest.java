package vn.sen.app.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.sen.app.SenServer;
import vn.sen.app.load.LoadOptions;
import vn.sen.app.load.Loader;
import vn.sen.synth.GeneratorOptions;
import vn.sen.synth.PopulationGenerator;

/** The demo sign-ins: one per role, linked to resources of a loaded synthetic population, usable at once. */
@ExtendWith(SenServer.class)
class DemoLoginsTest {

  @Test
  void everyRoleGetsALoginLinkedToExistingResourcesWithAFreshPassword(SenServer.Running sen, @TempDir Path dir)
      throws Exception {
    new PopulationGenerator(GeneratorOptions.defaults(40, 7)).writeTo(dir, (d, t) -> { });
    URI fhir = URI.create(sen.baseUrl() + "/fhir");
    new Loader(new ObjectMapper()).load(new LoadOptions(List.of(dir), fhir, 2,
        LoadOptions.JournalLocation.nextToInput(fhir), sen.systemToken()), new PrintStream(new ByteArrayOutputStream()));
    DemoLogins demo = new DemoLogins(sen.context().getBean(UserAccounts.class),
        sen.context().getBean(OAuthClients.class), new SecureRandom());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    demo.seed(fhir, sen.systemToken(), new PrintStream(printed, true, StandardCharsets.UTF_8));

    Map<String, String> passwords = printed.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.startsWith("  ") && !line.contains("system client"))
        .map(line -> line.trim().split("\\s+"))
        .collect(Collectors.toMap(words -> words[0], words -> words[2]));
    UserAccounts users = sen.context().getBean(UserAccounts.class);
    assertThat(passwords.keySet().stream().map(name -> users.find(name).orElseThrow().roles().iterator().next()))
        .containsExactlyInAnyOrderElementsOf(Roles.ALL);
    for (String name : passwords.keySet()) {
      UserAccount user = users.find(name).orElseThrow();
      assertThat(user.fhirUser()).as(name).isNotNull();
      assertThat(sen.get("/fhir/" + user.fhirUser()).statusCode()).as(name + " " + user.fhirUser()).isEqualTo(200);
    }
    UserAccount patient = users.find("benhnhan").orElseThrow();
    String caregiver = users.find("nguoichamsoc").orElseThrow().fhirUser();
    assertThat(sen.get("/fhir/" + caregiver).body()).contains("\"reference\":\"Patient/" + patient.patient() + "\"");
    assertThat(users.find("yte.xa").orElseThrow().organization()).isEqualTo(patient.organization());
    assertThat(sen.signedIn("benhnhan", passwords.get("benhnhan"))).isNotNull();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains(DemoLogins.SYSTEM_CLIENT);
  }
}
