package vn.sen.app.platform.identity;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page ({@code GET /auth/login}); Spring Security's form login handles the POST. */
@Controller
public class LoginController {

  @GetMapping(SecurityConfiguration.LOGIN)
  public String login(@RequestParam(required = false) String error, @RequestParam(required = false) String locked,
      @RequestParam(required = false) String logout, Model model) {
    model.addAttribute("failed", error != null);
    model.addAttribute("locked", locked != null);
    model.addAttribute("loggedOut", logout != null);
    return "auth/login";
  }
}
