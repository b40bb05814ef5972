package vn.sen.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.sen.fhir.core.ErrorCode;
import vn.sen.fhir.core.access.AccessFactExtractor;
import vn.sen.fhir.core.FhirException;
import vn.sen.fhir.core.HistoryQuery;
import vn.sen.fhir.core.IdGenerator;
import vn.sen.fhir.core.ResourceKey;
import vn.sen.fhir.core.StoredResource;
import vn.sen.fhir.core.WriteResult;
import vn.sen.fhir.core.index.FhirPathIndexExtractor;
import vn.sen.fhir.core.search.Criterion;
import vn.sen.fhir.core.search.IncludeSpec;
import vn.sen.fhir.core.search.Modifier;
import vn.sen.fhir.core.search.Prefix;
import vn.sen.fhir.core.search.SearchArg;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchParameterRegistry;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchResult;
import vn.sen.fhir.core.search.SortSpec;
import vn.sen.fhir.core.search.TotalMode;

class PostgresFhirRepositoryTest {
  private static final String CCCD = "http://fhir.hl7.org.vn/core/sid/cccd";
  private static final SearchParameterRegistry registry = new SearchParameterRegistry(FhirContext.forR4Cached());
  private static TestDatabase db;
  private static PostgresFhirRepository repo;

  @BeforeAll
  static void database() {
    db = TestDatabase.create(PostgresFhirRepositoryTest.class);
    StoreSchema.migrate(db.dataSource());
    repo = new PostgresFhirRepository(db.dataSource(), registry, new FhirPathIndexExtractor(registry),
        Clock.systemUTC(), IdGenerator.random(new SplittableRandom(7)));
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private static Patient patient(String family, String given, String cccd, String birthDate) {
    Patient p = new Patient();
    p.addName(new HumanName().setFamily(family).addGiven(given).setText(family + " " + given));
    p.addIdentifier().setSystem(CCCD).setValue(cccd);
    p.setGender(Enumerations.AdministrativeGender.FEMALE);
    p.setBirthDateElement(new DateType(birthDate));
    return p;
  }

  private static StoredResource create(org.hl7.fhir.r4.model.Resource resource) {
    return repo.inTransaction(tx -> tx.create(resource, null)).resource();
  }

  private static Criterion.Param param(String type, String code, Modifier modifier, SearchArg... args) {
    return new Criterion.Param(registry.find(type, code).orElseThrow(), modifier, List.of(args));
  }

  private static List<String> ids(SearchResult result) {
    return result.entries().stream().filter(m -> !m.include()).map(m -> m.resource().id()).toList();
  }

  private static String json(StoredResource r) {
    return new String(r.json(), StandardCharsets.UTF_8);
  }

  @Test
  void readsByIdAndVersionGoToThePointReadSourceAndNothingElseDoes() {
    AtomicInteger borrowed = new AtomicInteger();
    DataSource counting = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            borrowed.incrementAndGet();
          }
          try {
            return method.invoke(db.dataSource(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    PostgresFhirRepository split = new PostgresFhirRepository(db.dataSource(), counting, registry,
        new FhirPathIndexExtractor(registry), AccessFactExtractor.NONE, List.of(), Clock.systemUTC(),
        IdGenerator.random(new SplittableRandom(11)));
    StoredResource created = split.inTransaction(tx -> tx.create(patient("Lê", "Văn Tâm", "001190000099", "1949-02-02"), null)).resource();
    split.search(SearchQuery.of("Patient", List.of(param("Patient", "identifier", Modifier.NONE,
        SearchArg.Token.of(CCCD, "001190000099")))));
    assertThat(borrowed).as("writes and searches use the store's own source").hasValue(0);

    assertThat(split.read("Patient", created.id())).isPresent();
    assertThat(split.vread("Patient", created.id(), 1)).isPresent();
    assertThat(split.read("Patient", "no-such-patient")).isEmpty();
    assertThat(borrowed).hasValue(3);
  }

  @Test
  void createThenReadReturnsStoredJsonWithIdAndMeta() {
    StoredResource created = create(patient("Trần", "Thị Bình", "001190000001", "1950-03-04"));

    StoredResource read = repo.read("Patient", created.id()).orElseThrow();

    assertThat(read.versionId()).isEqualTo(1);
    assertThat(json(read)).contains("\"id\":\"" + created.id() + "\"").contains("\"versionId\":\"1\"")
        .contains("Trần");
    assertThat(read.json()).isEqualTo(created.json());
  }

  @Test
  void updateKeepsEveryVersionAndStaleIfMatchFails() {
    StoredResource v1 = create(patient("Lê", "Văn Cường", "001190000002", "1961-01-01"));
    Patient changed = patient("Lê", "Văn Cường", "001190000002", "1961-01-02");

    WriteResult v2 = repo.inTransaction(tx -> tx.update("Patient", v1.id(), changed, 1L));

    assertThat(v2.kind()).isEqualTo(WriteResult.Kind.UPDATED);
    assertThat(v2.resource().versionId()).isEqualTo(2);
    assertThat(json(repo.vread("Patient", v1.id(), 1).orElseThrow())).contains("1961-01-01");
    assertThat(json(repo.vread("Patient", v1.id(), 2).orElseThrow())).contains("1961-01-02");
    assertThatThrownBy(() -> repo.inTransaction(tx -> tx.update("Patient", v1.id(), changed, 1L)))
        .isInstanceOfSatisfying(FhirException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
  }

  @Test
  void deleteLeavesHistoryAndRemovesFromSearch() {
    StoredResource v1 = create(patient("Phạm", "Minh Đức", "001190000003", "1945-05-05"));

    WriteResult deleted = repo.inTransaction(tx -> tx.delete("Patient", v1.id(), null));

    assertThat(deleted.kind()).isEqualTo(WriteResult.Kind.DELETED);
    assertThat(repo.read("Patient", v1.id()).orElseThrow().deleted()).isTrue();
    assertThat(repo.history(new HistoryQuery("Patient", v1.id(), null, null, 10, 0)).versions())
        .extracting(StoredResource::versionId).containsExactly(2L, 1L);
    SearchResult byId = repo.search(SearchQuery.of("Patient",
        List.of(param("Patient", "identifier", Modifier.NONE, SearchArg.Token.of(CCCD, "001190000003")))));
    assertThat(byId.entries()).isEmpty();
  }

  @Test
  void identifierSearchReturnsOnlyThatPatient() {
    StoredResource a = create(patient("Nguyễn", "Thị Hoa", "079190000004", "1958-07-07"));
    create(patient("Nguyễn", "Thị Hoa", "079190000005", "1958-07-07"));

    SearchResult result = repo.search(SearchQuery.of("Patient",
        List.of(param("Patient", "identifier", Modifier.NONE, SearchArg.Token.of(CCCD, "079190000004")))));

    assertThat(ids(result)).containsExactly(a.id());
  }

  @Test
  void nameSearchIgnoresCaseAndVietnameseDiacritics() {
    StoredResource an = create(patient("Nguyễn", "Văn Ấn", "001190000006", "1940-01-01"));
    StoredResource duc = create(patient("Đỗ", "Đức Thắng", "001190000007", "1940-01-01"));

    assertThat(ids(repo.search(SearchQuery.of("Patient",
        List.of(param("Patient", "name", Modifier.NONE, new SearchArg.Text("nguyen van an")))))))
        .containsExactly(an.id());
    assertThat(ids(repo.search(SearchQuery.of("Patient",
        List.of(param("Patient", "family", Modifier.NONE, new SearchArg.Text("do")))))))
        .contains(duc.id());
    assertThat(ids(repo.search(SearchQuery.of("Patient",
        List.of(param("Patient", "family", Modifier.EXACT, new SearchArg.Text("Đỗ")))))))
        .contains(duc.id());
    assertThat(ids(repo.search(SearchQuery.of("Patient",
        List.of(param("Patient", "family", Modifier.EXACT, new SearchArg.Text("do")))))))
        .doesNotContain(duc.id());
    assertThat(ids(repo.search(SearchQuery.of("Patient",
        List.of(param("Patient", "given", Modifier.CONTAINS, new SearchArg.Text("thang")))))))
        .contains(duc.id());
  }

  @Test
  void birthDatePrefixesCompareRanges() {
    StoredResource old = create(patient("Hồ", "Thị Lan", "001190000008", "1930-06-15"));
    long y1930lo = LocalDate.of(1930, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long y1930hi = LocalDate.of(1931, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;

    assertThat(ids(repo.search(SearchQuery.of("Patient", List.of(param("Patient", "birthdate", Modifier.NONE,
        new SearchArg.Date(Prefix.EQ, y1930lo, y1930hi))))))).contains(old.id());
    assertThat(ids(repo.search(SearchQuery.of("Patient", List.of(param("Patient", "birthdate", Modifier.NONE,
        new SearchArg.Date(Prefix.GT, y1930lo, y1930hi))))))).doesNotContain(old.id());
    assertThat(ids(repo.search(SearchQuery.of("Patient", List.of(param("Patient", "birthdate", Modifier.NONE,
        new SearchArg.Date(Prefix.LT, y1930hi + 1, y1930hi + 1000))))))).contains(old.id());
  }

  @Test
  void observationSearchesByReferenceChainQuantityCompositeAndCompartment() {
    StoredResource p = create(patient("Vũ", "Thị Mai", "001190000009", "1952-02-02"));
    Observation bp = new Observation();
    bp.setStatus(Observation.ObservationStatus.FINAL);
    bp.getCode().addCoding().setSystem("http://loinc.org").setCode("8480-6");
    bp.setSubject(new Reference("Patient/" + p.id()));
    bp.setValue(new Quantity().setValue(162).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
    StoredResource obs = create(bp);

    SearchArg.Reference ref = new SearchArg.Reference("Patient", p.id(), null);
    assertThat(ids(repo.search(SearchQuery.of("Observation",
        List.of(param("Observation", "subject", Modifier.NONE, ref)))))).containsExactly(obs.id());
    assertThat(ids(repo.search(SearchQuery.of("Observation", List.of(new Criterion.Chain(
        registry.find("Observation", "subject").orElseThrow(), "Patient",
        param("Patient", "name", Modifier.NONE, new SearchArg.Text("vu thi mai")))))))).containsExactly(obs.id());
    SearchArg.Quantity above140 = new SearchArg.Quantity(Prefix.GT, BigDecimal.valueOf(140),
        BigDecimal.valueOf(139.5), BigDecimal.valueOf(140.5), "http://unitsofmeasure.org", "mm[Hg]");
    assertThat(ids(repo.search(SearchQuery.of("Observation",
        List.of(param("Observation", "value-quantity", Modifier.NONE, above140)))))).contains(obs.id());
    assertThat(ids(repo.search(SearchQuery.of("Observation", List.of(param("Observation", "code-value-quantity",
        Modifier.NONE, new SearchArg.Composite(List.of(SearchArg.Token.of("http://loinc.org", "8480-6"),
            above140)))))))).contains(obs.id());
    SearchQuery compartment = new SearchQuery(null, Set.of(), List.of(), new ResourceKey("Patient", p.id()),
        List.of(), 50, 0, TotalMode.ACCURATE, List.of(), List.of(), false);
    SearchResult everything = repo.search(compartment);
    assertThat(ids(everything)).containsExactlyInAnyOrder(p.id(), obs.id());
    assertThat(everything.total()).isEqualTo(2);
  }

  @Test
  void parametersStoredAsOthersStillFindTheirResources() {
    StoredResource p = create(patient("Mạc", "Dùng Chung", "001190000016", "1955-05-05"));
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("2339-0");
    o.setSubject(new Reference("Patient/" + p.id()));
    StoredResource obs = create(o);

    assertThat(ids(repo.search(SearchQuery.of("Observation", List.of(param("Observation", "patient",
        Modifier.NONE, new SearchArg.Reference(null, p.id(), null))))))).containsExactly(obs.id());
    assertThat(ids(repo.search(SearchQuery.of("Observation", List.of(param("Observation", "combo-code",
        Modifier.NONE, SearchArg.Token.of("http://loinc.org", "2339-0"))))))).containsExactly(obs.id());
    assertThat(ids(repo.search(SearchQuery.of("Patient", List.of(param("Patient", "phonetic",
        Modifier.NONE, new SearchArg.Text("mac dung"))))))).containsExactly(p.id());
    assertThat(ids(repo.search(SearchQuery.of("Observation", List.of(param("Observation", "patient",
        Modifier.MISSING, new SearchArg.Missing(true))))))).doesNotContain(obs.id());
    SearchQuery withPatient = new SearchQuery("Observation", Set.of(), List.of(param("Observation", "_id",
        Modifier.NONE, SearchArg.Token.of(null, obs.id()))), null, List.of(), 20, 0, TotalMode.NONE,
        List.of(new IncludeSpec("Observation", registry.find("Observation", "patient").orElseThrow(), null, false)),
        List.of(), false);
    assertThat(repo.search(withPatient).entries()).extracting(m -> m.resource().id())
        .containsExactly(obs.id(), p.id());
  }

  @Test
  void includeAndRevincludeAddReferencedResources() {
    StoredResource p = create(patient("Bùi", "Văn Hải", "001190000010", "1949-09-09"));
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("4548-4");
    o.setSubject(new Reference("Patient/" + p.id()));
    StoredResource obs = create(o);
    var subject = registry.find("Observation", "subject").orElseThrow();

    SearchQuery include = new SearchQuery("Observation", Set.of(), List.of(param("Observation", "_id",
        Modifier.NONE, SearchArg.Token.of(null, obs.id()))), null, List.of(), 20, 0, TotalMode.NONE,
        List.of(new IncludeSpec("Observation", subject, null, false)), List.of(), false);
    SearchQuery revinclude = new SearchQuery("Patient", Set.of(), List.of(param("Patient", "_id",
        Modifier.NONE, SearchArg.Token.of(null, p.id()))), null, List.of(), 20, 0, TotalMode.NONE,
        List.of(), List.of(new IncludeSpec("Observation", subject, null, false)), false);

    assertThat(repo.search(include).entries()).extracting(m -> m.resource().id(), SearchMatch::include)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(obs.id(), false),
            org.assertj.core.groups.Tuple.tuple(p.id(), true));
    assertThat(repo.search(revinclude).entries()).extracting(m -> m.resource().id())
        .containsExactly(p.id(), obs.id());
  }

  @Test
  void sortAndPagingAreStable() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create(patient("Đặng", "Sắp Xếp " + i, "001190001" + i, (1970 + i) + "-01-01")).id());
    }
    var family = param("Patient", "family", Modifier.NONE, new SearchArg.Text("dang"));
    var birthdate = registry.find("Patient", "birthdate").orElseThrow();
    SearchQuery page1 = new SearchQuery("Patient", Set.of(), List.of(family), null,
        List.of(new SortSpec(birthdate, true)), 2, 0, TotalMode.ACCURATE, List.of(), List.of(), false);

    SearchResult first = repo.search(page1);
    SearchResult third = repo.search(page1.withPage(2, 4));

    assertThat(ids(first)).containsExactly(created.get(4), created.get(3));
    assertThat(first.hasNext()).isTrue();
    assertThat(first.total()).isEqualTo(5);
    assertThat(ids(third)).containsExactly(created.get(0));
    assertThat(third.hasNext()).isFalse();
  }

  @Test
  void searchByOneCodePagesInCreationOrderWithoutGaps() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Observation o = new Observation();
      o.setStatus(Observation.ObservationStatus.FINAL);
      o.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7");
      o.getCode().addCoding().setSystem("urn:other").setCode("29463-7");
      created.add(create(o).id());
    }
    SearchQuery first = SearchQuery.of("Observation", List.of(param("Observation", "code", Modifier.NONE,
        SearchArg.Token.of(null, "29463-7")))).withPage(2, 0);

    SearchResult page1 = repo.search(first);
    SearchResult page2 = repo.search(first.withPage(2, 2));
    SearchResult page3 = repo.search(first.withPage(2, 4));

    assertThat(ids(page1)).containsExactly(created.get(0), created.get(1));
    assertThat(ids(page2)).containsExactly(created.get(2), created.get(3));
    assertThat(ids(page3)).containsExactly(created.get(4));
    assertThat(page1.hasNext()).isTrue();
    assertThat(page3.hasNext()).isFalse();
  }

  @Test
  void failedUnitOfWorkWritesNothing() {
    Patient p = patient("Ngô", "Không Lưu", "001190000099", "1950-01-01");

    assertThatThrownBy(() -> repo.inTransaction(tx -> {
      tx.create(p, null);
      throw new FhirException(ErrorCode.INVALID_RESOURCE, "second entry invalid");
    })).isInstanceOf(FhirException.class);

    assertThat(repo.search(SearchQuery.of("Patient", List.of(param("Patient", "identifier", Modifier.NONE,
        SearchArg.Token.of(CCCD, "001190000099"))))).entries()).isEmpty();
  }

  @Test
  void conditionalCreateReturnsTheExistingMatch() {
    StoredResource first = create(patient("Dương", "Thị Yến", "001190000011", "1960-01-01"));
    SearchQuery criteria = SearchQuery.of("Patient", List.of(param("Patient", "identifier", Modifier.NONE,
        SearchArg.Token.of(CCCD, "001190000011"))));

    WriteResult again = repo.inTransaction(tx ->
        tx.create(patient("Dương", "Thị Yến", "001190000011", "1960-01-01"), criteria));

    assertThat(again.kind()).isEqualTo(WriteResult.Kind.EXISTING);
    assertThat(again.resource().id()).isEqualTo(first.id());
  }

  @Test
  void concurrentUpdatesNeverLoseAVersion() throws Exception {
    StoredResource p = create(patient("Lý", "Đồng Thời", "001190000012", "1960-01-01"));
    AtomicInteger successes = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            while (true) {
              long current = repo.read("Patient", p.id()).orElseThrow().versionId();
              try {
                repo.inTransaction(tx -> tx.update("Patient", p.id(),
                    patient("Lý", "Đồng Thời", "001190000012", "1960-01-01"), current));
                successes.incrementAndGet();
                break;
              } catch (FhirException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
              }
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(successes.get()).isEqualTo(60);
    assertThat(repo.read("Patient", p.id()).orElseThrow().versionId()).isEqualTo(61);
    assertThat(repo.history(new HistoryQuery("Patient", p.id(), null, null, 100, 0)).versions()).hasSize(61);
  }

  @Test
  void compactionRemovesOnlyStaleIndexRowsAndSearchStillFinds() {
    StoredResource p = create(patient("Trịnh", "Nén Chỉ Mục", "001190000014", "1960-01-01"));
    repo.inTransaction(tx -> tx.update("Patient", p.id(),
        patient("Trịnh", "Nén Chỉ Mục", "001190000015", "1960-01-01"), null));
    SearchQuery byNewIdentifier = SearchQuery.of("Patient", List.of(param("Patient", "identifier",
        Modifier.NONE, SearchArg.Token.of(CCCD, "001190000015"))));
    SearchQuery byOldIdentifier = SearchQuery.of("Patient", List.of(param("Patient", "identifier",
        Modifier.NONE, SearchArg.Token.of(CCCD, "001190000014"))));

    long removed = StoreMaintenance.compact(db.dataSource());

    assertThat(removed).isPositive();
    assertThat(ids(repo.search(byNewIdentifier))).containsExactly(p.id());
    assertThat(ids(repo.search(byOldIdentifier))).isEmpty();
    assertThat(StoreMaintenance.compact(db.dataSource())).isZero();
  }

  @Test
  void historySinceAndAtSelectVersionsByTime() throws Exception {
    StoredResource v1 = create(patient("Hoàng", "Lịch Sử", "001190000013", "1960-01-01"));
    Thread.sleep(5);
    Instant between = Instant.now();
    Thread.sleep(5);
    repo.inTransaction(tx -> tx.update("Patient", v1.id(),
        patient("Hoàng", "Lịch Sử", "001190000013", "1960-01-02"), null));

    assertThat(repo.history(new HistoryQuery("Patient", v1.id(), between, null, 10, 0)).versions())
        .extracting(StoredResource::versionId).containsExactly(2L);
    assertThat(repo.history(new HistoryQuery("Patient", v1.id(), null, between, 10, 0)).versions())
        .extracting(StoredResource::versionId).containsExactly(1L);
  }
}
