package vn.sen.app.companion.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.RequestContextUtils;
import vn.sen.app.companion.web.CompanionPageException.Problem;

/**
 * The companion pages: one screen per decision, each a plain form posting back here and redirecting
 * (post/redirect/get), so that they work without JavaScript on any phone. Thin: who is looking comes from
 * {@link CompanionViewer}, everything shown and recorded from {@link CompanionData}.
 */
@Controller
@RequestMapping("/companion")
public class CompanionController {
  static final int MAX_WEEKS = 8;

  private final CompanionData data;
  private final CompanionViewer viewers;
  private final CompanionLinks links;
  private final Clock clock;
  private final CompanionNotices notices;

  public CompanionController(CompanionData data, CompanionViewer viewers, CompanionLinks links, Clock clock,
      ObjectProvider<CompanionNotices> notices) {
    this.data = data;
    this.viewers = viewers;
    this.links = links;
    this.clock = clock;
    this.notices = notices.getIfAvailable(() -> CompanionNotices.NONE);
  }

  /** Opens a clinic's one-time link: starts the session, then shows today's doses. */
  @GetMapping("/link/{token}")
  public String link(@PathVariable String token, HttpServletRequest request) {
    viewers.start(request, links.consume(token));
    return "redirect:/companion";
  }

  @GetMapping({"", "/"})
  public String today(@RequestParam(required = false) @Nullable String done, HttpServletRequest request,
      Model model) {
    Viewer viewer = viewers.current(request).orElse(null);
    if (viewer == null) {
      common(model, request, null);
      return "companion/welcome";
    }
    common(model, request, viewer);
    List<Dose> doses = data.doses(viewer.patientId(), today());
    model.addAttribute("doses", doses);
    model.addAttribute("next", doses.stream().filter(Dose::open).findFirst().orElse(null));
    model.addAttribute("day", today());
    model.addAttribute("reminders",
        notices.take(viewer, RequestContextUtils.getLocale(request).getLanguage().equals("en") ? "en" : "vi"));
    if (done != null && done.matches("taken|not-yet|skipped|message")) {
      model.addAttribute("done", "companion.done." + done);
    }
    return "companion/today";
  }

  /** One dose, one question. */
  @GetMapping("/dose")
  public String dose(@RequestParam String id, HttpServletRequest request, Model model) {
    Viewer viewer = signedIn(request);
    common(model, request, viewer);
    model.addAttribute("dose", find(viewer, id));
    return "companion/dose";
  }

  @PostMapping("/dose")
  public String answer(@RequestParam String id, @RequestParam String answer,
      @RequestParam(name = FormTokens.PARAMETER, required = false) @Nullable String csrf,
      HttpServletRequest request) {
    Viewer viewer = poster(request, csrf);
    return switch (answer) {
      case "taken" -> {
        data.answer(viewer, id, new DoseAnswer.Taken());
        yield "redirect:/companion?done=taken";
      }
      case "not-yet" -> {
        data.answer(viewer, id, new DoseAnswer.NotYet());
        yield "redirect:/companion?done=not-yet";
      }
      case "skip" -> {
        find(viewer, id);
        yield "redirect:/companion/dose/skip?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
      }
      default -> throw new CompanionPageException(Problem.BAD_INPUT);
    };
  }

  /** Why skip? One screen of reasons. */
  @GetMapping("/dose/skip")
  public String skip(@RequestParam String id, HttpServletRequest request, Model model) {
    Viewer viewer = signedIn(request);
    common(model, request, viewer);
    model.addAttribute("dose", find(viewer, id));
    model.addAttribute("reasons", SkipReason.values());
    return "companion/skip";
  }

  @PostMapping("/dose/skip")
  public String skipped(@RequestParam String id, @RequestParam String reason,
      @RequestParam(name = FormTokens.PARAMETER, required = false) @Nullable String csrf,
      HttpServletRequest request) {
    Viewer viewer = poster(request, csrf);
    SkipReason why = SkipReason.ofCode(reason).orElseThrow(() -> new CompanionPageException(Problem.BAD_INPUT));
    data.answer(viewer, id, new DoseAnswer.Skipped(why));
    return "redirect:/companion?done=skipped";
  }

  /** "Viết cho chúng tôi": anything, in the patient's own words. */
  @GetMapping("/message")
  public String message(HttpServletRequest request, Model model) {
    common(model, request, signedIn(request));
    model.addAttribute("maxLength", StoreCompanionData.MAX_MESSAGE);
    return "companion/message";
  }

  @PostMapping("/message")
  public String send(@RequestParam(defaultValue = "") String text,
      @RequestParam(name = FormTokens.PARAMETER, required = false) @Nullable String csrf,
      HttpServletRequest request, Model model) {
    Viewer viewer = poster(request, csrf);
    if (text.isBlank() || text.strip().length() > StoreCompanionData.MAX_MESSAGE) {
      common(model, request, viewer);
      model.addAttribute("maxLength", StoreCompanionData.MAX_MESSAGE);
      model.addAttribute("text", text.length() > 4 * StoreCompanionData.MAX_MESSAGE ? "" : text);
      model.addAttribute("error", text.isBlank() ? "companion.message.empty" : "companion.message.long");
      return "companion/message";
    }
    data.message(viewer, text);
    return "redirect:/companion?done=message";
  }

  @GetMapping("/history")
  public String history(@RequestParam(defaultValue = "2") String weeks, HttpServletRequest request, Model model) {
    Viewer viewer = signedIn(request);
    common(model, request, viewer);
    int w = weeks.matches("[1-9]") ? Math.min(Integer.parseInt(weeks), MAX_WEEKS) : 2;
    LocalDate today = today();
    model.addAttribute("days", data.history(viewer.patientId(), today.minusDays(7L * w - 1), today));
    model.addAttribute("weeks", w);
    model.addAttribute("moreWeeks", w < MAX_WEEKS ? Math.min(w + 2, MAX_WEEKS) : null);
    return "companion/history";
  }

  private Viewer signedIn(HttpServletRequest request) {
    return viewers.current(request).orElseThrow(() -> new CompanionPageException(Problem.NOT_SIGNED_IN));
  }

  /** The viewer behind a form post, which must carry the session's form token. */
  private Viewer poster(HttpServletRequest request, @Nullable String csrf) {
    Viewer viewer = signedIn(request);
    FormTokens.check(request, csrf);
    return viewer;
  }

  private Dose find(Viewer viewer, String id) {
    return data.doses(viewer.patientId(), today()).stream().filter(d -> d.id().equals(id)).findFirst()
        .orElseThrow(() -> new CompanionPageException(Problem.DOSE_NOT_FOUND));
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(StoreCompanionData.VIETNAM));
  }

  /** What every page shows: whose doses, the language switch, the form token. */
  private void common(Model model, HttpServletRequest request, @Nullable Viewer viewer) {
    PageChrome.addTo(model, request);
    if (viewer != null) {
      model.addAttribute("patientName", data.displayName("Patient/" + viewer.patientId()));
      if (viewer instanceof Viewer.AsCaregiver c) {
        model.addAttribute("caregiverName", data.displayName("RelatedPerson/" + c.relatedPersonId()));
      }
      model.addAttribute("csrf", FormTokens.token(request.getSession()));
    }
  }

  /** The language switch and page language, shared with the error pages. */
  static final class PageChrome {
    private PageChrome() {}

    static void addTo(Model model, HttpServletRequest request) {
      Locale locale = RequestContextUtils.getLocale(request);
      boolean english = "en".equals(locale.getLanguage());
      StringBuilder href = new StringBuilder(request.getRequestURI()).append('?');
      String query = request.getQueryString();
      if (query != null && "GET".equals(request.getMethod())) {
        for (String pair : query.split("&")) {
          if (!pair.isEmpty() && !pair.startsWith("lang=") && !pair.startsWith("done=")) {
            href.append(pair).append('&');
          }
        }
      }
      href.append("lang=").append(english ? "vi" : "en");
      model.addAttribute("langHref", href.toString());
      model.addAttribute("langLabel", english ? "companion.lang.vi" : "companion.lang.en");
      model.addAttribute("langCode", english ? "vi" : "en");
    }
  }
}
