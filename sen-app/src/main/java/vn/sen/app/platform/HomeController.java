package vn.sen.app.platform;

import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import vn.sen.app.SenProperties;

/** The entry page at {@code /}: what Sen is and where its API and health endpoints are. */
@Controller
public class HomeController {
  private final SenProperties properties;
  private final ApplicationContext context;

  public HomeController(SenProperties properties, ApplicationContext context) {
    this.properties = properties;
    this.context = context;
  }

  @GetMapping("/")
  public String home(Model model) {
    model.addAttribute("demo", properties.demo());
    model.addAttribute("fhirAvailable", context.containsBean("fhirServlet"));
    return "home";
  }
}
