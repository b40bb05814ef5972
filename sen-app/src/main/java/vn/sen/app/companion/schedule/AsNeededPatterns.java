package vn.sen.app.companion.schedule;

import vn.sen.app.companion.schedule.PhaseDraft.Unreadable;

/**
 * The as-needed part of the instruction grammar: "khi đau", "khi sốt trên 38,5 độ", "as needed for pain",
 * "PRN", with their maximum per day ("không quá 4 viên/ngày", "tối đa 3 lần/ngày", "max 4 tablets a day").
 */
abstract class AsNeededPatterns extends SigCursor {
  /** The step being read. */
  protected PhaseDraft cur = new PhaseDraft();

  AsNeededPatterns(SigTokens t) {
    super(t);
  }

  /** Marks the words up to {@code end} as read by a construct that is not an amount or a time of day. */
  abstract void other(int end);

  // ---- as needed -----------------------------------------------------------------------------------

  protected boolean asNeeded() {
    int k = i;
    if (is(k, "khi", "luc", "neu") && !is(k + 1, "doi") && !(is(k + 1, "an"))) {
      int start = k + 1 + (is(k + 1, "co") ? 1 : 0);
      if (is(start, "can")) {
        cur.asNeeded = true;
        other(start + 1 + (is(start + 1, "thiet") ? 1 : 0));
        return true;
      }
      int end = reasonsVi(start);
      if (end > start) {
        cur.asNeeded = true;
        other(end);
        return true;
      }
      return false;
    }
    int end = -1;
    if (is(k, "as", "if", "when") && is(k + 1, "needed")) {
      end = k + 2;
    } else if (is(k, "prn")) {
      end = k + 1;
    }
    if (end < 0) {
      return false;
    }
    cur.asNeeded = true;
    if (is(end, "for")) {
      int after = reasonEn(end + 1);
      if (after == end + 1) {
        throw new Unreadable("an as-needed reason that is not known");
      }
      end = after;
    } else {
      end = reasonEn(end);
    }
    other(end);
    return true;
  }

  protected int reasonsVi(int k) {
    int end = reasonVi(k);
    if (end == k) {
      return k;
    }
    while (is(end, "hoac", ",", "va") && reasonVi(end + 1) > end + 1) {
      end = reasonVi(end + 1);
    }
    return end;
  }

  protected int reasonVi(int k) {
    if (is(k, "dau") && is(k + 1, "dau")) {
      return reason("headache", k + 2);
    }
    if (is(k, "dau") && is(k + 1, "that") && is(k + 2, "nguc")) {
      return reason("chestpain", k + 3);
    }
    if (is(k, "dau") && is(k + 1, "nguc")) {
      return reason("chestpain", k + 2);
    }
    if (is(k, "dau")) {
      return reason("pain", k + 1 + (is(k + 1, "bung", "lung", "khop", "rang", "nhieu") ? 1 : 0));
    }
    if (is(k, "sot")) {
      int end = k + 1;
      if (is(end, "tren", "tu") && num(end + 1)) {
        end += 2;
        if (is(end, "do")) {
          end++;
        }
        if (is(end, "c")) {
          end++;
        }
      }
      return reason("fever", end);
    }
    if (is(k, "kho") && is(k + 1, "tho") || is(k, "kho") && is(k + 1, "khe")) {
      return reason("dyspnea", k + 2);
    }
    if (is(k, "ho")) {
      return reason("cough", k + 1);
    }
    if (is(k, "mat", "kho") && is(k + 1, "ngu")) {
      return reason("insomnia", k + 2);
    }
    if (is(k, "buon") && is(k + 1, "non")) {
      return reason("nausea", k + 2);
    }
    if (is(k, "non")) {
      return reason("nausea", k + 1);
    }
    if (is(k, "tieu") && is(k + 1, "chay")) {
      return reason("diarrhea", k + 2);
    }
    if (is(k, "tao") && is(k + 1, "bon")) {
      return reason("constipation", k + 2);
    }
    if (is(k, "ngua")) {
      return reason("itch", k + 1);
    }
    return k;
  }

  protected int reasonEn(int k) {
    if (is(k, "shortness") && is(k + 1, "of") && is(k + 2, "breath")) {
      return reason("dyspnea", k + 3);
    }
    if (is(k, "chest") && is(k + 1, "pain")) {
      return reason("chestpain", k + 2);
    }
    return switch (t.get(k)) {
      case "pain" -> reason("pain", k + 1);
      case "fever" -> reason("fever", k + 1);
      case "headache" -> reason("headache", k + 1);
      case "wheezing", "breathlessness", "sob" -> reason("dyspnea", k + 1);
      case "cough" -> reason("cough", k + 1);
      case "nausea" -> reason("nausea", k + 1);
      case "sleep", "insomnia" -> reason("insomnia", k + 1);
      case "itching", "itch" -> reason("itch", k + 1);
      case "diarrhea", "diarrhoea" -> reason("diarrhea", k + 1);
      case "constipation" -> reason("constipation", k + 1);
      default -> k;
    };
  }

  protected int reason(String code, int end) {
    cur.reasons.add(code);
    return end;
  }

  protected boolean maximum() {
    int k = i;
    int start;
    if (is(k, "khong") && is(k + 1, "qua")) {
      start = k + 2;
    } else if (is(k, "toi") && is(k + 1, "da")) {
      start = k + 2;
    } else if (is(k, "ngay", "moi") && is(k + 1, "toi") && is(k + 2, "da")
        || is(k, "moi") && is(k + 1, "ngay") && is(k + 2, "toi")) {
      int n = is(k, "moi") && is(k + 1, "ngay") ? k + 4 : k + 3;
      if (num(n) && in(n + 1, TIMES)) {
        cur.max = intAt(n);
        other(n + 2);
        return true;
      }
      return false;
    } else if (is(k, "max", "maximum")) {
      start = k + 1;
    } else if (is(k, "no", "not") && is(k + 1, "more") && is(k + 2, "than")) {
      start = k + 3;
    } else {
      return false;
    }
    if (!num(start)) {
      return false;
    }
    int n = start + 1;
    String unit = null;
    if (unitLen(n) > 0) {
      unit = unitCode(n);
      n += unitLen(n);
    } else if (in(n, TIMES)) {
      n++;
    }
    int end = perDay(n);
    if (end < 0) {
      throw new Unreadable("a maximum without its period");
    }
    cur.max = intAt(start);
    cur.maxUnit = unit;
    other(end);
    return true;
  }

  /** "/ngày", "a day", "per day", "mỗi ngày", "trong ngày": returns the end, or -1. */
  protected int perDay(int k) {
    if (is(k, "/") && in(k + 1, DAY)) {
      return k + 2;
    }
    if (is(k, "a", "per", "moi", "trong", "mot", "each") && in(k + 1, DAY)) {
      return k + 2;
    }
    if (is(k, "daily")) {
      return k + 1;
    }
    return -1;
  }
}
