package vn.sen.app.platform.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import vn.sen.fhir.core.FhirRepository;
import vn.sen.fhir.core.search.SearchMatch;
import vn.sen.fhir.core.search.SearchQuery;
import vn.sen.fhir.core.search.SearchQueryParser;

/**
 * The PractitionerRoles a practitioner user acts as at their organisation, so that a CareTeam or referral
 * naming the role relates the user too. Looked up in the store and kept for a minute per user: a role
 * added or ended takes effect within that minute.
 */
public final class PractitionerParties implements Function<AccessSubject, Set<String>> {
  private static final Duration KEEP = Duration.ofMinutes(1);

  private record Entry(Set<String> parties, Instant until) {}

  private final FhirRepository store;
  private final SearchQueryParser parser;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  /** @param store the unrestricted store (the directory is not patient data) */
  public PractitionerParties(FhirRepository store, SearchQueryParser parser, Clock clock) {
    this.store = store;
    this.parser = parser;
    this.clock = clock;
  }

  @Override
  public Set<String> apply(AccessSubject s) {
    String user = s.fhirUser();
    if (user == null || !user.startsWith("Practitioner/")) {
      return Set.of();
    }
    String key = user + "@" + s.organization();
    Instant now = clock.instant();
    Entry e = cache.get(key);
    if (e == null || e.until().isBefore(now)) {
      e = new Entry(lookUp(user, s.organization()), now.plus(KEEP));
      if (cache.size() > 10_000) {
        cache.clear();
      }
      cache.put(key, e);
    }
    return e.parties();
  }

  private Set<String> lookUp(String practitioner, @org.jspecify.annotations.Nullable String organization) {
    String query = "practitioner=" + practitioner + "&active:not=false&_count=100"
        + (organization == null ? "" : "&organization=" + organization);
    SearchQuery q = parser.parse("PractitionerRole", SearchQueryParser.queryPairs(query), true).query();
    Set<String> roles = new LinkedHashSet<>();
    for (SearchMatch m : store.search(q).entries()) {
      roles.add("PractitionerRole/" + m.resource().id());
    }
    return Set.copyOf(roles);
  }
}
