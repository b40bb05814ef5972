package vn.sen.synth.data;

import java.util.SplittableRandom;
import vn.sen.synth.data.AdminUnits.Region;

/**
 * Vietnamese personal names: family name, middle name, given name, with frequencies from published
 * surname surveys (Nguyễn ≈ 38%, Trần ≈ 11%, Lê ≈ 9.5%, …) and regional variants (Hoàng in the north,
 * Huỳnh in the south; Vũ and Võ likewise). Middle names depend on sex and generation: "Văn" and "Thị"
 * dominate among older people and fade among the young.
 */
public final class VietnameseNames {
  /** A full name in Vietnamese order: family, middle, given. */
  public record Name(String family, String middle, String given) {
    public String text() {
      return family + " " + middle + " " + given;
    }
  }

  private static final WeightedChoice<String> FAMILY_NORTH = family("Hoàng", "Vũ");
  private static final WeightedChoice<String> FAMILY_SOUTH = family("Huỳnh", "Võ");
  private static final WeightedChoice<String> FAMILY_CENTRAL = family("Hoàng", "Võ");

  private static WeightedChoice<String> family(String hoang, String vu) {
    return WeightedChoice.of(
        "Nguyễn", 38.4, "Trần", 11.0, "Lê", 9.5, "Phạm", 7.0, hoang, 5.1, "Phan", 4.5, vu, 3.9,
        "Đặng", 2.1, "Bùi", 2.0, "Đỗ", 1.4, "Hồ", 1.3, "Ngô", 1.3, "Dương", 1.0, "Lý", 0.5,
        "Đào", 0.5, "Đoàn", 0.5, "Vương", 0.3, "Trịnh", 0.4, "Trương", 0.5, "Lâm", 0.3,
        "Mai", 0.3, "Cao", 0.3, "Tạ", 0.2, "Hà", 0.4, "Lương", 0.3, "Đinh", 0.4, "Châu", 0.2,
        "Tô", 0.2, "Lưu", 0.2, "Kiều", 0.1);
  }

  private static final WeightedChoice<String> MIDDLE_MALE =
      WeightedChoice.of(
          "Văn", 20, "Đức", 8, "Minh", 10, "Quang", 7, "Hữu", 6, "Công", 5, "Thanh", 5,
          "Ngọc", 3, "Xuân", 3, "Tuấn", 3, "Hoàng", 4, "Gia", 4, "Bảo", 4, "Anh", 3, "Trọng", 3,
          "Mạnh", 2, "Duy", 3, "Thành", 3, "Quốc", 4, "Đình", 3);
  private static final WeightedChoice<String> MIDDLE_FEMALE =
      WeightedChoice.of(
          "Thị", 20, "Ngọc", 8, "Thu", 6, "Thanh", 6, "Minh", 5, "Phương", 4, "Hồng", 4,
          "Kim", 4, "Bảo", 4, "Thùy", 4, "Mai", 3, "Khánh", 3, "Diệu", 2, "Hoài", 2, "Gia", 3,
          "Quỳnh", 3, "Hải", 2, "Tuyết", 2, "Mỹ", 3, "Lan", 2);
  private static final WeightedChoice<String> GIVEN_MALE =
      WeightedChoice.of(
          "Hùng", 6, "Dũng", 6, "Tuấn", 6, "Minh", 7, "Nam", 6, "Hải", 5, "Sơn", 5, "Long", 5,
          "Thắng", 4, "Hiếu", 4, "Cường", 4, "Quang", 4, "Đức", 4, "Huy", 5, "Khang", 3,
          "Bảo", 3, "Phúc", 4, "Anh", 5, "Hoàng", 4, "Trung", 4, "Thành", 4, "Tùng", 4,
          "Việt", 3, "Bình", 4, "Tâm", 3, "Lâm", 3, "Phong", 3, "Kiên", 3, "Khoa", 3, "Đạt", 4,
          "Thịnh", 2, "Tài", 3, "Lộc", 2, "Vinh", 3, "Quân", 3, "Hưng", 3, "Tiến", 3,
          "Toàn", 2, "Nghĩa", 2, "Thông", 2);
  private static final WeightedChoice<String> GIVEN_FEMALE =
      WeightedChoice.of(
          "Lan", 5, "Hương", 6, "Hoa", 5, "Mai", 5, "Linh", 7, "Trang", 6, "Hà", 5, "Thảo", 5,
          "Ngọc", 4, "Anh", 6, "Hằng", 4, "Nga", 4, "Phương", 4, "Hạnh", 4, "Dung", 4,
          "Loan", 3, "Yến", 4, "Nhung", 3, "Thủy", 4, "Hồng", 3, "Huyền", 4, "Vy", 4, "Nhi", 4,
          "My", 3, "Châu", 2, "Thư", 3, "Chi", 3, "Quỳnh", 3, "Hiền", 3, "Tuyết", 2, "Oanh", 2,
          "Liên", 3, "Xuân", 2, "Nhàn", 2, "Tâm", 2, "Giang", 3, "Vân", 3, "Hậu", 2);

  private VietnameseNames() {}

  /** Draws a name; {@code birthYear} shifts middle-name fashion. */
  public static Name sample(SplittableRandom random, boolean male, int birthYear, Region region) {
    WeightedChoice<String> families =
        switch (region) {
          case NORTH -> FAMILY_NORTH;
          case CENTRAL -> FAMILY_CENTRAL;
          case SOUTH -> FAMILY_SOUTH;
        };
    String family = families.sample(random);
    // Văn/Thị were near-universal before 1970 and are now a minority choice.
    double traditional = birthYear < 1960 ? 0.75 : birthYear < 1980 ? 0.55 : birthYear < 2000 ? 0.3 : 0.12;
    String middle;
    if (random.nextDouble() < traditional) {
      middle = male ? "Văn" : "Thị";
    } else {
      middle = (male ? MIDDLE_MALE : MIDDLE_FEMALE).sample(random);
    }
    String given = (male ? GIVEN_MALE : GIVEN_FEMALE).sample(random);
    if (given.equals(middle)) {
      given = (male ? GIVEN_MALE : GIVEN_FEMALE).sample(random);
    }
    return new Name(family, middle, given);
  }

  public static WeightedChoice<String> familyNames(Region region) {
    return switch (region) {
      case NORTH -> FAMILY_NORTH;
      case CENTRAL -> FAMILY_CENTRAL;
      case SOUTH -> FAMILY_SOUTH;
    };
  }
}
