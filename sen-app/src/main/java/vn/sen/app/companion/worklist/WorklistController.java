package vn.sen.app.companion.worklist;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import vn.sen.fhir.core.FhirException;

/**
 * The worklist page at {@code /worklist?party=Organization/<id>} (or {@code CareTeam/<id>}): the items in
 * worklist order with links to the patient's record and buttons for acknowledge, assign and close, which
 * post and come back to the list. Vietnamese first, English with {@code ?lang=en}.
 */
@Controller
class WorklistController {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(ZoneId.of("Asia/Ho_Chi_Minh"));

  private final WorklistService service;

  WorklistController(WorklistService service) {
    this.service = service;
  }

  /** One row as the page shows it. */
  record Row(WorklistItem item, String label, String priorityLabel, String when, boolean urgent) {}

  @GetMapping("/worklist")
  String list(@RequestParam(name = "party", required = false) @Nullable String party, Locale locale, Model model) {
    Map<String, String> t = WorklistTexts.of(locale);
    model.addAttribute("t", t);
    model.addAttribute("party", party == null ? "" : party);
    if (party == null || party.isBlank()) {
      model.addAttribute("rows", List.of());
      model.addAttribute("asked", false);
      return "worklist";
    }
    boolean english = WorklistTexts.english(locale);
    List<Row> rows = service.items(party.strip()).stream().map(i -> new Row(i,
        english ? i.code().displayEn() : i.code().displayVi(), t.get("priority." + i.priority()),
        i.authoredOn() == null ? "" : WHEN.format(i.authoredOn()),
        i.code() == WorklistCodes.URGENT_CHECKIN || i.priority().equals("stat"))).toList();
    model.addAttribute("rows", rows);
    model.addAttribute("asked", true);
    return "worklist";
  }

  @PostMapping("/worklist/tasks/{id}/acknowledge")
  String acknowledge(@PathVariable("id") String id, @RequestParam("party") String party) {
    service.acknowledge(id);
    return back(party);
  }

  @PostMapping("/worklist/tasks/{id}/assign")
  String assign(@PathVariable("id") String id, @RequestParam("party") String party,
      @RequestParam(name = "owner", defaultValue = "") String owner) {
    service.assign(id, owner.strip());
    return back(party);
  }

  @PostMapping("/worklist/tasks/{id}/close")
  String close(@PathVariable("id") String id, @RequestParam("party") String party) {
    service.close(id);
    return back(party);
  }

  /** Bad input or a Task that cannot take the action: the list page with the message and the HTTP status. */
  @ExceptionHandler(FhirException.class)
  ModelAndView failed(FhirException e, Locale locale) {
    ModelAndView page = new ModelAndView("worklist");
    page.addObject("t", WorklistTexts.of(locale));
    page.addObject("party", "");
    page.addObject("rows", List.of());
    page.addObject("asked", false);
    page.addObject("error", e.getMessage());
    page.setStatus(HttpStatus.valueOf(e.code().status()));
    return page;
  }

  private static String back(String party) {
    return "redirect:/worklist?party=" + URLEncoder.encode(party, StandardCharsets.UTF_8);
  }
}
