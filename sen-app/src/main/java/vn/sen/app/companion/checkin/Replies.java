package vn.sen.app.companion.checkin;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import vn.sen.app.companion.checkin.Interpretation.Language;

/** The message shown to the writer, in their language; urgent ones say to call 115 now. */
final class Replies {
  private Replies() {}

  static String reply(Intent intent, Language lang, List<RedFlag> flags, List<Symptom> symptoms,
      List<ActiveMedication> meds, @Nullable DoseTime dose) {
    boolean vi = lang == Language.VI;
    return switch (intent) {
      case UNWELL_URGENT -> vi
          ? "Đây có thể là tình trạng cấp cứu (" + names(flags, true) + "). Hãy gọi 115 ngay, hoặc nhờ người "
              + "đưa đến cơ sở y tế gần nhất. Nhóm chăm sóc của bạn đã được báo."
          : "This may be an emergency (" + names(flags, false) + "). Call 115 now, or have someone take you to "
              + "the nearest health facility. Your care team has been alerted.";
      case SIDE_EFFECT -> vi
          ? "Cảm ơn bạn đã báo" + (symptoms.isEmpty() ? "" : " (" + names(symptoms, true) + ")") + ". Sen đã ghi "
              + "lại và báo cho nhóm chăm sóc. Đừng tự ý ngừng thuốc; nếu thấy nặng hơn, khó thở hay đau ngực, "
              + "hãy gọi 115."
          : "Thank you for telling us" + (symptoms.isEmpty() ? "" : " (" + names(symptoms, false) + ")") + ". Sen "
              + "has recorded it and told your care team. Do not stop your medicine on your own; if it gets "
              + "worse, or you have trouble breathing or chest pain, call 115.";
      case OUT_OF_STOCK -> vi
          ? "Sen đã báo nhà thuốc/trạm y tế để chuẩn bị thuốc" + meds(meds) + " cho bạn. Nếu hôm nay không "
              + "có thuốc để uống, hãy liên hệ trạm y tế."
          : "Sen has asked your pharmacy or health station to prepare your medicine" + meds(meds) + ". If you "
              + "have none left for today, please contact the health station.";
      case MISSED -> vi
          ? "Đã ghi nhận chưa uống" + doseVi(dose) + meds(meds) + ". Đừng uống gấp đôi liều để bù; nếu chưa "
              + "rõ nên làm gì, hãy hỏi dược sĩ hoặc trạm y tế."
          : "Noted: not taken" + doseEn(dose) + meds(meds) + ". Do not take a double dose to make up for it; "
              + "ask your pharmacist or health station if unsure.";
      case LATE -> vi
          ? "Đã ghi nhận uống muộn" + doseVi(dose) + meds(meds) + ". Cảm ơn bạn; lần sau cố gắng uống đúng giờ nhé."
          : "Noted: taken late" + doseEn(dose) + meds(meds) + ". Thank you; try to take the next one on time.";
      case TAKEN -> vi
          ? "Cảm ơn, Sen đã ghi nhận đã uống thuốc" + doseVi(dose) + meds(meds) + "."
          : "Thank you, Sen has recorded the dose as taken" + doseEn(dose) + meds(meds) + ".";
      case QUESTION -> vi
          ? "Câu hỏi của bạn đã được gửi tới nhóm chăm sóc; họ sẽ trả lời sớm. Nếu khẩn cấp, hãy gọi 115."
          : "Your question has been sent to your care team; they will answer soon. In an emergency, call 115.";
      case STOP_REMINDERS -> vi
          ? "Sen sẽ ngừng gửi nhắc uống thuốc. Bạn có thể bật lại bất cứ lúc nào trên trang Sen."
          : "Sen will stop sending medicine reminders. You can turn them back on at any time on the Sen page.";
      case OTHER -> vi
          ? "Cảm ơn bạn đã nhắn tin. Nếu cần hỗ trợ, hãy viết câu hỏi hoặc gọi trạm y tế; khi khẩn cấp, gọi 115."
          : "Thank you for your message. If you need help, write your question or call the health station; in "
              + "an emergency, call 115.";
    };
  }

  private static String names(List<? extends Finding> findings, boolean vi) {
    return findings.stream().map(f -> vi ? f.displayVi().toLowerCase(java.util.Locale.ROOT) : f.displayEn()
        .toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
  }

  private static String doseVi(@Nullable DoseTime dose) {
    if (dose == null || dose.period() == null) {
      return dose != null && dose.day() == DoseTime.Day.YESTERDAY ? " hôm qua" : "";
    }
    return " liều " + dose.period().vi() + (dose.day() == DoseTime.Day.YESTERDAY ? " hôm qua" : " hôm nay");
  }

  private static String doseEn(@Nullable DoseTime dose) {
    if (dose == null || dose.period() == null) {
      return dose != null && dose.day() == DoseTime.Day.YESTERDAY ? " yesterday" : "";
    }
    return dose.day() == DoseTime.Day.YESTERDAY ? " (yesterday " + dose.period().en() + ")"
        : " (" + dose.period().en() + " dose today)";
  }

  private static String meds(List<ActiveMedication> meds) {
    return meds.isEmpty() ? "" : ": " + meds.stream().map(ActiveMedication::display).collect(Collectors.joining(", "));
  }

}
