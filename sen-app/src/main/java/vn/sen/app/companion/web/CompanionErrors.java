package vn.sen.app.companion.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import vn.sen.app.platform.LanguageConfiguration;
import vn.sen.fhir.core.FhirException;

/**
 * The companion's one error mapping: every refused request gets a short page in Vietnamese and English
 * with the right status (404 unknown link or dose, 410 used or expired link, 401, 403, 400), never a 500
 * or a stack trace.
 */
@ControllerAdvice(assignableTypes = CompanionController.class)
public class CompanionErrors {
  private static final java.util.Locale ENGLISH = java.util.Locale.ENGLISH;

  private final MessageSource messages;

  public CompanionErrors(MessageSource messages) {
    this.messages = messages;
  }

  @ExceptionHandler(CompanionPageException.class)
  public String problem(CompanionPageException e, HttpServletRequest request, HttpServletResponse response,
      Model model) {
    return page(e.problem(), request, response, model);
  }

  @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
  public String badRequest(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
    return page(CompanionPageException.Problem.BAD_INPUT, request, response, model);
  }

  /** The store refused a write or a read (a malformed id reaching a search, say): the input was bad. */
  @ExceptionHandler(FhirException.class)
  public String store(FhirException e, HttpServletRequest request, HttpServletResponse response, Model model) {
    if (e.code().status() >= 500) {
      throw e;
    }
    return page(e.code().status() == 404 ? CompanionPageException.Problem.DOSE_NOT_FOUND
        : CompanionPageException.Problem.BAD_INPUT, request, response, model);
  }

  private String page(CompanionPageException.Problem problem, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    response.setStatus(problem.status());
    String key = problem.key();
    model.addAttribute("titleVi", messages.getMessage(key + ".title", null, LanguageConfiguration.VIETNAMESE));
    model.addAttribute("textVi", messages.getMessage(key + ".text", null, LanguageConfiguration.VIETNAMESE));
    model.addAttribute("titleEn", messages.getMessage(key + ".title", null, ENGLISH));
    model.addAttribute("textEn", messages.getMessage(key + ".text", null, ENGLISH));
    return "companion/problem";
  }
}
