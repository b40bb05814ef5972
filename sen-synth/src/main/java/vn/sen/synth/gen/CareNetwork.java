package vn.sen.synth.gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import vn.sen.synth.data.AdminUnits;
import vn.sen.synth.data.AdminUnits.Commune;
import vn.sen.synth.data.AdminUnits.Province;
import vn.sen.synth.data.DrugCatalogue;
import vn.sen.synth.data.Systems;
import vn.sen.synth.data.VietnameseNames;
import vn.sen.synth.json.JsonOut;

/**
 * The care settings shared by all patients: which communes the population lives in, and the
 * organisations, practitioners, roles, locations and medications serving them. Chosen once from the
 * seed before any patient is generated and read-only afterwards, so patients can be generated in
 * any order on any thread.
 */
public final class CareNetwork {
  /** Kinds of organisation, with the Vietnamese naming pattern used. */
  public enum Kind {
    CENTRAL_HOSPITAL,
    PROVINCIAL_HOSPITAL,
    STATION,
    CLINIC,
    PHARMACY,
    SOCIAL_CARE
  }

  /** An organisation with a fixed id. */
  public record Org(String id, Kind kind, String name, String facilityCode, Province province) {}

  /** A practitioner with one role at one organisation. */
  public record Staff(
      String id, String roleId, String name, boolean male, String roleCode, String roleSystem,
      String roleDisplay, String orgId) {}

  /** Everything serving one commune. */
  public record Site(
      Commune commune,
      Province province,
      Org station,
      Org pharmacy,
      Org hospital,
      Org clinic,
      Org socialCare,
      Org central,
      Staff stationDoctor,
      Staff stationNurse,
      Staff pharmacist,
      Staff hospitalDoctor,
      Staff socialWorker) {}

  private static final String[] CLINIC_NAMES = {
    "An Phúc", "Thiện Tâm", "Hòa Bình", "Tâm Đức", "Phúc An", "Medlatec", "Hồng Phúc", "Việt Mỹ"
  };
  private static final String[] PHARMACY_NAMES = {
    "Thu Hà", "Minh Châu", "Bảo Ngọc", "Tâm An", "Hồng Nhung", "Phương Linh", "Kim Anh", "Đức Thịnh"
  };

  private final List<Site> sites;
  private final Map<String, Org> orgs = new LinkedHashMap<>();
  private final Map<String, Staff> staff = new LinkedHashMap<>();

  private CareNetwork(List<Site> sites) {
    this.sites = List.copyOf(sites);
    for (Site s : sites) {
      for (Org o : List.of(s.central(), s.hospital(), s.socialCare(), s.clinic(), s.station(), s.pharmacy())) {
        orgs.putIfAbsent(o.id(), o);
      }
      for (Staff st : List.of(s.stationDoctor(), s.stationNurse(), s.pharmacist(), s.hospitalDoctor(), s.socialWorker())) {
        staff.putIfAbsent(st.id(), st);
      }
    }
  }

  /** How many communes a population of this size lives in: about 250 people per commune used. */
  static int communeCount(int patients, int available) {
    return Math.max(1, Math.min(available, (patients + 249) / 250));
  }

  /** Chooses the communes and builds their services from the seed. */
  public static CareNetwork build(long seed, int patients, AdminUnits units) {
    SplittableRandom random = new SplittableRandom(Ids.mix(seed, -1L));
    int k = communeCount(patients, units.communeCount());
    Set<String> chosen = new LinkedHashSet<>();
    List<Commune> communes = new ArrayList<>();
    while (communes.size() < k) {
      Province p = units.sampleProvince(random.nextDouble());
      Commune c = p.communes().get(random.nextInt(p.communes().size()));
      if (chosen.add(c.code())) {
        communes.add(c);
      }
    }
    Map<String, Org> provinceOrgs = new LinkedHashMap<>();
    Map<String, Staff> provinceStaff = new LinkedHashMap<>();
    List<Site> sites = new ArrayList<>();
    for (Commune c : communes) {
      Province p = units.province(c.provinceCode());
      Org central = central(p, units);
      Org hospital = provinceOrgs.computeIfAbsent("bv-" + p.code(), id -> new Org(
          "org-bv-" + p.code(), Kind.PROVINCIAL_HOSPITAL,
          "Bệnh viện Đa khoa " + lowerFirst(p.fullName()), p.code() + "001", p));
      Org social = provinceOrgs.computeIfAbsent("ctxh-" + p.code(), id -> new Org(
          "org-ctxh-" + p.code(), Kind.SOCIAL_CARE,
          "Trung tâm Công tác xã hội " + lowerFirst(p.fullName()), p.code() + "900", p));
      int clinicNo = Math.floorMod(p.code().hashCode(), CLINIC_NAMES.length);
      Org clinic = provinceOrgs.computeIfAbsent("pk-" + p.code(), id -> new Org(
          "org-pk-" + p.code(), Kind.CLINIC,
          "Phòng khám Đa khoa " + CLINIC_NAMES[clinicNo] + " " + p.name(), p.code() + "200", p));
      Org station = new Org("org-tyt-" + c.code(), Kind.STATION,
          "Trạm Y tế " + lowerFirst(c.fullName()), p.code() + c.code().substring(2), p);
      Org pharmacy = new Org("org-nt-" + c.code(), Kind.PHARMACY,
          "Nhà thuốc " + PHARMACY_NAMES[random.nextInt(PHARMACY_NAMES.length)] + " " + c.name(),
          p.code() + "P" + c.code().substring(3), p);
      Staff hospitalDoctor = provinceStaff.computeIfAbsent("bs-bv-" + p.code(),
          id -> staff(random, "prac-bv-" + p.code(), hospital, "doctor", p));
      Staff socialWorker = provinceStaff.computeIfAbsent("ctxh-" + p.code(),
          id -> staff(random, "prac-ctxh-" + p.code(), social, "social", p));
      sites.add(new Site(c, p, station, pharmacy, hospital, clinic, social, central,
          staff(random, "prac-tyt-" + c.code() + "-bs", station, "doctor", p),
          staff(random, "prac-tyt-" + c.code() + "-yt", station, "nurse", p),
          staff(random, "prac-nt-" + c.code(), pharmacy, "pharmacist", p),
          hospitalDoctor, socialWorker));
    }
    return new CareNetwork(sites);
  }

  private static Org central(Province p, AdminUnits units) {
    return switch (p.region()) {
      case NORTH -> new Org("org-bvtw-bachmai", Kind.CENTRAL_HOSPITAL, "Bệnh viện Bạch Mai", "01929",
          units.province("01"));
      case CENTRAL -> new Org("org-bvtw-hue", Kind.CENTRAL_HOSPITAL, "Bệnh viện Trung ương Huế",
          "46001", units.province("46"));
      case SOUTH -> new Org("org-bvtw-chooray", Kind.CENTRAL_HOSPITAL, "Bệnh viện Chợ Rẫy", "79001",
          units.province("79"));
    };
  }

  private static Staff staff(SplittableRandom random, String id, Org org, String role, Province p) {
    boolean male = random.nextDouble() < (role.equals("nurse") ? 0.2 : 0.5);
    var name = VietnameseNames.sample(random, male, 1970 + random.nextInt(30), p.region());
    return switch (role) {
      case "doctor" -> new Staff(id, "role-" + id, name.text(), male, "doctor", Systems.PRACTITIONER_ROLE,
          "Doctor", org.id());
      case "nurse" -> new Staff(id, "role-" + id, name.text(), male, "nurse", Systems.PRACTITIONER_ROLE,
          "Nurse", org.id());
      case "pharmacist" -> new Staff(id, "role-" + id, name.text(), male, "pharmacist",
          Systems.PRACTITIONER_ROLE, "Pharmacist", org.id());
      default -> new Staff(id, "role-" + id, name.text(), male, "106328005", Systems.SNOMED,
          "Social worker", org.id());
    };
  }

  private static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  public List<Site> sites() {
    return sites;
  }

  public int organisationCount() {
    return orgs.size();
  }

  /** Writes organisations, locations, practitioners, roles and medications with their fixed ids. */
  public void write(Emitter e) {
    for (Org o : orgs.values()) {
      writeOrg(e, o);
    }
    for (Org o : orgs.values()) {
      writeLocation(e, o);
    }
    for (Staff s : staff.values()) {
      writeStaff(e, s);
    }
    for (DrugCatalogue.Drug d : DrugCatalogue.DRUGS) {
      JsonOut out = e.begin("Medication", "med-" + d.key().replace('_', '-'));
      out.beginObject("code");
      out.beginArray("coding").beginObject().field("system", Systems.ATC).field("code", d.atc())
          .field("display", d.inn()).endObject().endArray();
      out.field("text", d.displayVi());
      out.endObject();
      out.field("status", "active");
      Fhir.textConcept(out, "form", d.form().equals("viên") ? "Viên nén" : "Thuốc hít định liều");
      e.end();
    }
  }

  /** The fixed id of a drug's shared Medication resource. */
  public static String medicationId(DrugCatalogue.Drug d) {
    return "med-" + d.key().replace('_', '-');
  }

  private static void writeOrg(Emitter e, Org o) {
    JsonOut out = e.begin("Organization", o.id());
    out.beginArray("identifier");
    Fhir.identifier(out, Systems.FACILITY_CODE, o.facilityCode());
    out.endArray();
    out.field("active", true);
    String type = o.kind() == Kind.SOCIAL_CARE ? "govt" : "prov";
    String display = o.kind() == Kind.SOCIAL_CARE ? "Government" : "Healthcare Provider";
    out.beginArray("type").beginObject();
    Fhir.codingArray(out, Systems.ORG_TYPE, type, display);
    out.field("text", switch (o.kind()) {
      case CENTRAL_HOSPITAL -> "Bệnh viện tuyến trung ương";
      case PROVINCIAL_HOSPITAL -> "Bệnh viện tuyến tỉnh";
      case STATION -> "Trạm y tế xã/phường";
      case CLINIC -> "Phòng khám tư nhân";
      case PHARMACY -> "Nhà thuốc";
      case SOCIAL_CARE -> "Dịch vụ công tác xã hội";
    });
    out.endObject().endArray();
    out.field("name", o.name());
    out.beginArray("address").beginObject().field("use", "work")
        .field("state", o.province().name()).field("country", "VN").endObject().endArray();
    e.end();
  }

  private static void writeLocation(Emitter e, Org o) {
    JsonOut out = e.begin("Location", "loc-" + o.id().substring(4));
    out.field("status", "active").field("name", o.name()).field("mode", "instance");
    String code = switch (o.kind()) {
      case CENTRAL_HOSPITAL, PROVINCIAL_HOSPITAL -> "HOSP";
      case STATION, CLINIC -> "PC";
      case PHARMACY -> "OUTPHARM";
      case SOCIAL_CARE -> "COMM";
    };
    out.beginArray("type").beginObject();
    Fhir.codingArray(out, Systems.V3_ROLE_CODE, code, null);
    out.endObject().endArray();
    out.beginObject("address").field("state", o.province().name()).field("country", "VN").endObject();
    Fhir.reference(out, "managingOrganization", "Organization/" + o.id());
    e.end();
  }

  /** The fixed id of the Location of an organisation. */
  public static String locationId(Org o) {
    return "loc-" + o.id().substring(4);
  }

  private static void writeStaff(Emitter e, Staff s) {
    JsonOut out = e.begin("Practitioner", s.id());
    out.beginArray("identifier");
    Fhir.identifier(out, Systems.PRACTISING_CERTIFICATE, s.id().toUpperCase(java.util.Locale.ROOT));
    out.endArray();
    out.field("active", true);
    writeName(out, s.name());
    out.field("gender", s.male() ? "male" : "female");
    e.end();
    out = e.begin("PractitionerRole", s.roleId());
    out.field("active", true);
    Fhir.reference(out, "practitioner", "Practitioner/" + s.id());
    Fhir.reference(out, "organization", "Organization/" + s.orgId());
    out.beginArray("code").beginObject();
    Fhir.codingArray(out, s.roleSystem(), s.roleCode(), s.roleDisplay());
    out.field("text", switch (s.roleCode()) {
      case "doctor" -> "Bác sĩ";
      case "nurse" -> "Điều dưỡng / Y sĩ";
      case "pharmacist" -> "Dược sĩ";
      default -> "Nhân viên công tác xã hội";
    });
    out.endObject().endArray();
    e.end();
  }

  /** Writes a Vietnamese HumanName: family first, middle and given names as given[]. */
  static void writeName(JsonOut out, String fullName) {
    String[] parts = fullName.split(" ");
    out.beginArray("name").beginObject().field("use", "official").field("text", fullName)
        .field("family", parts[0]).beginArray("given");
    for (int i = 1; i < parts.length; i++) {
      out.value(parts[i]);
    }
    out.endArray().endObject().endArray();
  }
}
