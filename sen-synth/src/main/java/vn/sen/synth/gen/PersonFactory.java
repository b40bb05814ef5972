package vn.sen.synth.gen;

import java.util.Map;
import java.util.SplittableRandom;
import vn.sen.synth.data.AdminUnits.Province;
import vn.sen.synth.data.AdminUnits.Region;
import vn.sen.synth.data.VietnameseNames;
import vn.sen.synth.data.WeightedChoice;

/**
 * Draws a person: age from Vietnam's 2024 pyramid (≈14% aged 60+, older in the Red River delta and
 * north-central coast, younger in the highlands and the south-east), sex, names, identifiers in the
 * formats of the Vietnam reference (CCCD, BHYT, mobile numbers), ethnicity by province, household.
 */
final class PersonFactory {
  // Share (%) per 5-year band 0-4 … 80-84, 85+; 2024 estimates rounded.
  private static final double[] PYRAMID = {
    7.0, 7.8, 8.2, 7.3, 6.8, 7.3, 8.1, 8.0, 7.2, 6.6, 6.0, 5.4, 4.7, 3.8, 2.6, 1.5, 1.0, 1.0
  };
  private static final Map<String, Double> AGEING =
      Map.ofEntries(
          Map.entry("33", 1.3), Map.entry("37", 1.3), Map.entry("42", 1.25), Map.entry("38", 1.15),
          Map.entry("25", 1.1), Map.entry("31", 1.1), Map.entry("44", 1.1), Map.entry("52", 0.75),
          Map.entry("66", 0.8), Map.entry("68", 0.85), Map.entry("11", 0.7), Map.entry("12", 0.65),
          Map.entry("79", 0.85), Map.entry("75", 0.85), Map.entry("24", 0.9), Map.entry("14", 0.75));

  private static final WeightedChoice<String> KINH = WeightedChoice.of("01", 1);
  private static final Map<String, WeightedChoice<String>> ETHNICITY =
      Map.ofEntries(
          Map.entry("04", WeightedChoice.of("02", 40, "07", 30, "08", 10, "09", 10, "01", 10)),
          Map.entry("20", WeightedChoice.of("07", 42, "02", 35, "01", 17, "09", 6)),
          Map.entry("11", WeightedChoice.of("03", 38, "08", 37, "01", 20, "09", 5)),
          Map.entry("12", WeightedChoice.of("08", 36, "03", 30, "09", 14, "01", 20)),
          Map.entry("14", WeightedChoice.of("03", 53, "08", 16, "01", 18, "06", 8, "09", 5)),
          Map.entry("15", WeightedChoice.of("01", 45, "08", 20, "02", 13, "09", 12, "03", 10)),
          Map.entry("08", WeightedChoice.of("01", 32, "02", 26, "08", 22, "09", 12, "07", 8)),
          Map.entry("19", WeightedChoice.of("01", 72, "02", 16, "07", 7, "09", 5)),
          Map.entry("25", WeightedChoice.of("01", 82, "06", 16, "09", 2)),
          Map.entry("38", WeightedChoice.of("01", 84, "06", 10, "03", 6)),
          Map.entry("40", WeightedChoice.of("01", 87, "03", 10, "08", 3)),
          Map.entry("52", WeightedChoice.of("01", 70, "10", 19, "13", 11)),
          Map.entry("66", WeightedChoice.of("01", 78, "12", 16, "20", 6)),
          Map.entry("68", WeightedChoice.of("01", 82, "16", 10, "20", 8)),
          Map.entry("79", WeightedChoice.of("01", 94, "04", 5, "05", 1)),
          Map.entry("92", WeightedChoice.of("01", 82, "05", 16, "04", 2)),
          Map.entry("86", WeightedChoice.of("01", 88, "05", 12)),
          Map.entry("91", WeightedChoice.of("01", 89, "05", 10, "17", 1)),
          Map.entry("96", WeightedChoice.of("01", 93, "05", 5, "04", 2)),
          Map.entry("56", WeightedChoice.of("01", 90, "17", 7, "04", 3)));
  private static final Map<String, String> ETHNIC_NAMES =
      Map.ofEntries(
          Map.entry("01", "Kinh"), Map.entry("02", "Tày"), Map.entry("03", "Thái"),
          Map.entry("04", "Hoa"), Map.entry("05", "Khơ-me"), Map.entry("06", "Mường"),
          Map.entry("07", "Nùng"), Map.entry("08", "HMông"), Map.entry("09", "Dao"),
          Map.entry("10", "Gia-rai"), Map.entry("12", "Ê-đê"), Map.entry("13", "Ba na"),
          Map.entry("16", "Cơ-ho"), Map.entry("17", "Chăm"), Map.entry("20", "Mnông"));

  private static final String[] MOBILE_PREFIXES = {
    "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098", // Viettel
    "081", "082", "083", "084", "085", "088", "091", "094", // VinaPhone
    "070", "076", "077", "078", "079", "089", "090", "093", // MobiFone
    "052", "056", "058", "092" // Vietnamobile
  };

  private final int referenceDay;
  private final double[][] cumulativeByProvince;
  private final Map<String, Integer> provinceSlot;

  PersonFactory(CareNetwork network, int referenceDay) {
    this.referenceDay = referenceDay;
    this.provinceSlot = new java.util.HashMap<>();
    var provinces = network.sites().stream().map(CareNetwork.Site::province).distinct().toList();
    this.cumulativeByProvince = new double[provinces.size()][];
    for (int i = 0; i < provinces.size(); i++) {
      Province p = provinces.get(i);
      provinceSlot.put(p.code(), i);
      double ageing = AGEING.getOrDefault(p.code(), 1.0);
      double[] c = new double[PYRAMID.length];
      double sum = 0;
      for (int b = 0; b < PYRAMID.length; b++) {
        sum += PYRAMID[b] * (b >= 12 ? ageing : 1.0);
        c[b] = sum;
      }
      cumulativeByProvince[i] = c;
    }
  }

  Person create(int index, SplittableRandom r, CareNetwork.Site site) {
    String uuid = Ids.uuid(r);
    Province province = site.province();
    int age = sampleAge(r, province.code());
    double maleShare = age < 60 ? 0.51 : age < 70 ? 0.46 : age < 80 ? 0.42 : 0.35;
    boolean male = r.nextDouble() < maleShare;
    int birthDay = referenceDay - age * 365 - (age / 4) - r.nextInt(365);
    int birthYear = java.time.LocalDate.ofEpochDay(birthDay).getYear();
    var name = VietnameseNames.sample(r, male, birthYear, province.region());
    boolean urban = site.commune().fullName().startsWith("Phường");
    String line = urban
        ? "Số " + (1 + r.nextInt(300)) + ", ngõ " + (1 + r.nextInt(150))
        : (province.region() == Region.SOUTH ? "Ấp " : "Thôn ") + (1 + r.nextInt(12));
    String ethnicity = ETHNICITY.getOrDefault(province.code(), KINH).sample(r);
    String[] occupation = occupation(r, age, urban);
    String cccd = citizenId(r, province.code(), male, birthYear);
    String[] insurance = insurance(r, age, occupation[0], ethnicity, province.code());
    String phone = hasPhone(r, age) ? mobile(r) : null;
    double aloneRate = age >= 80 ? 0.15 : age >= 60 ? 0.09 : age >= 25 ? 0.04 : 0.0;
    boolean alone = r.nextDouble() < aloneRate;
    Person.Relative caregiver = null;
    if (age < 16) {
      caregiver = new Person.Relative(Ids.uuid(r),
          new VietnameseNames.Name(r.nextDouble() < 0.3 ? name.family() : VietnameseNames.familyNames(province.region()).sample(r),
              VietnameseNames.sample(r, false, birthYear - 28, province.region()).middle(),
              VietnameseNames.sample(r, false, birthYear - 28, province.region()).given()),
          false, "MTH", "mother", mobile(r), true);
    } else if (age >= 60 && r.nextDouble() < (alone ? 0.6 : 0.85)) {
      boolean son = r.nextDouble() < 0.5;
      var childName = VietnameseNames.sample(r, son, birthYear + 27, province.region());
      if (male || son) {
        childName = new VietnameseNames.Name(name.family(), childName.middle(), childName.given());
      }
      caregiver = new Person.Relative(Ids.uuid(r), childName, son, son ? "SONC" : "DAUC",
          son ? "son" : "daughter", mobile(r), !alone && r.nextDouble() < 0.7);
    }
    return new Person(index, uuid, String.format("SYN%07d", index), male, birthDay, age, name, site,
        urban, line, ethnicity, ETHNIC_NAMES.get(ethnicity), occupation[0], occupation[1], cccd,
        insurance[0], insurance[1], phone, alone, caregiver);
  }

  private int sampleAge(SplittableRandom r, String provinceCode) {
    double[] c = cumulativeByProvince[provinceSlot.get(provinceCode)];
    double target = r.nextDouble() * c[c.length - 1];
    int band = 0;
    while (band < c.length - 1 && target >= c[band]) {
      band++;
    }
    return band == c.length - 1 ? 85 + Math.min(r.nextInt(15), r.nextInt(15)) : band * 5 + r.nextInt(5);
  }

  private static String[] occupation(SplittableRandom r, int age, boolean urban) {
    if (age < 6) {
      return new String[] {"01", "Trẻ < 6 tuổi đi học, <15 tuổi không đi học"};
    }
    if (age < 18 || (age < 23 && r.nextDouble() < 0.4)) {
      return new String[] {"02", "Sinh viên, học sinh"};
    }
    if (age >= 60) {
      return new String[] {"03", "Hưu và > 60 tuổi"};
    }
    double u = r.nextDouble();
    if (!urban && u < 0.55) {
      return new String[] {"05", "Nông dân"};
    }
    u = r.nextDouble();
    if (u < 0.35) {
      return new String[] {"04", "Công nhân"};
    } else if (u < 0.65) {
      return new String[] {"10", "Dịch vụ"};
    } else if (u < 0.78) {
      return new String[] {"08", "Hành chính, sự nghiệp"};
    } else if (u < 0.86) {
      return new String[] {"07", "Trí thức"};
    } else if (u < 0.88) {
      return new String[] {"09", "Y tế"};
    } else if (u < 0.90) {
      return new String[] {"06", "Lực lượng vũ trang"};
    }
    return new String[] {"99", "Khác"};
  }

  /** CCCD: 3-digit province of registration, century/sex digit, 2-digit birth year, 6 random. */
  static String citizenId(SplittableRandom r, String provinceCode, boolean male, int birthYear) {
    int century = birthYear < 2000 ? 0 : birthYear < 2100 ? 2 : 4;
    int centurySex = century + (male ? 0 : 1);
    return "0" + provinceCode + centurySex + String.format("%02d", birthYear % 100) + Ids.digits(r, 6);
  }

  /** BHYT: 2 group letters, benefit level 1-5, 2-digit province, 10-digit social insurance number. */
  private static String[] insurance(
      SplittableRandom r, int age, String occupation, String ethnicity, String provinceCode) {
    double uninsured = age < 6 ? 0.02 : age >= 60 ? 0.04 : 0.10;
    if (r.nextDouble() < uninsured) {
      return new String[] {null, "none"};
    }
    String group;
    int level;
    if (age < 6) {
      group = "TE";
      level = 1;
    } else if (occupation.equals("02")) {
      group = "HS";
      level = 4;
    } else if (age >= 80 && r.nextDouble() < 0.5) {
      group = "BT";
      level = 2;
    } else if (age >= 60 && r.nextDouble() < 0.45) {
      group = "HT";
      level = 3;
    } else if (!ethnicity.equals("01") && r.nextDouble() < 0.6) {
      group = "DT";
      level = 2;
    } else if (r.nextDouble() < 0.06) {
      group = "CN";
      level = 2;
    } else if (r.nextDouble() < 0.05) {
      group = "HN";
      level = 3;
    } else {
      group = switch (occupation) {
        case "04", "10" -> "DN";
        case "07", "08", "09" -> "HC";
        case "06" -> "QN";
        default -> "GD";
      };
      level = group.equals("QN") ? 5 : 4;
    }
    String number = group + level + provinceCode + provinceCode + Ids.digits(r, 8);
    return new String[] {number, group};
  }

  private static boolean hasPhone(SplittableRandom r, int age) {
    double p = age < 14 ? 0.0 : age < 18 ? 0.7 : age < 70 ? 0.97 : age < 80 ? 0.75 : 0.45;
    return r.nextDouble() < p;
  }

  static String mobile(SplittableRandom r) {
    return MOBILE_PREFIXES[r.nextInt(MOBILE_PREFIXES.length)] + Ids.digits(r, 7);
  }
}
