package vn.sen.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import vn.sen.app.cli.SenCli;

/**
 * Sen's Spring Boot application. {@link #main} is the entry point of {@code sen-app.jar} and of the
 * {@code ./sen} launcher: the first argument is the subcommand ({@code serve}, {@code demo}, …).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SenApplication {

  public static void main(String[] args) {
    int exitCode = SenCli.run(args);
    // serve and demo return 0 with the web server running in the foreground; one-shot commands
    // (generate, load, bench) and failures end the process here.
    if (exitCode != 0 || !SenCli.leavesServerRunning(args)) {
      System.exit(exitCode);
    }
  }
}
