package vn.sen.app.platform.identity;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import vn.sen.app.cli.ModuleCommand;

/**
 * {@code ./sen user …}, {@code ./sen client …} and {@code ./sen keys rotate}: manage users, OAuth clients and
 * signing keys in the configured database. Passwords are read from {@code SEN_PASSWORD} or standard input,
 * never from an argument; client secrets are printed once and stored hashed.
 */
public final class IdentityCommands {
  static final int USAGE_ERROR = 2;

  private IdentityCommands() {}

  /** The three commands, opening the configured database. */
  public static List<ModuleCommand> all() {
    return List.of(user(), client(), keys());
  }

  public static ModuleCommand user() {
    return new User(IdentityCli.CONFIGURED, System.in, System.getenv());
  }

  public static ModuleCommand client() {
    return new Client(IdentityCli.CONFIGURED);
  }

  public static ModuleCommand keys() {
    return new Keys(IdentityCli.CONFIGURED);
  }

  /** Parsed {@code --option value} pairs (repeatable) and the words that are not options. */
  record Words(List<String> plain, Map<String, List<String>> options) {
    static Words parse(List<String> args, Set<String> flags) {
      List<String> plain = new ArrayList<>();
      Map<String, List<String>> options = new java.util.LinkedHashMap<>();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (flags.contains(a)) {
          options.computeIfAbsent(a, k -> new ArrayList<>()).add("true");
        } else if (a.startsWith("--")) {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          options.computeIfAbsent(a, k -> new ArrayList<>()).add(args.get(++i));
        } else {
          plain.add(a);
        }
      }
      return new Words(plain, options);
    }

    @Nullable String one(String option) {
      List<String> values = options.getOrDefault(option, List.of());
      return values.isEmpty() ? null : values.getLast();
    }

    List<String> all(String option) {
      return options.getOrDefault(option, List.of());
    }

    void allowOnly(Set<String> known) {
      for (String option : options.keySet()) {
        if (!known.contains(option)) {
          throw new IllegalArgumentException("unknown option " + option);
        }
      }
    }
  }

  /** Runs {@code body} in an opened context; usage errors become exit code 2 with the usage text. */
  static int within(IdentityCli.Opener opener, String usage, PrintStream err,
      Function<ConfigurableApplicationContext, Integer> body) {
    try (ConfigurableApplicationContext context = opener.open()) {
      return body.apply(context);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(usage);
      return USAGE_ERROR;
    }
  }

  static final class User implements ModuleCommand {
    static final String USAGE = """
        usage: user add USERNAME --role ROLE [--role ROLE…] [--fhir-user Practitioner/ID] [--organization Organization/ID]
                        [--patient PATIENT_ID]      (password from SEN_PASSWORD or standard input)
               user list
               user disable USERNAME | user enable USERNAME   (enable also lifts a lock-out)""";
    private final IdentityCli.Opener opener;
    private final InputStream stdin;
    private final Map<String, String> env;

    User(IdentityCli.Opener opener, InputStream stdin, Map<String, String> env) {
      this.opener = opener;
      this.stdin = stdin;
      this.env = env;
    }

    @Override
    public String name() {
      return "user";
    }

    @Override
    public String summary() {
      return "add, list, disable or enable users (user --help)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
      Words words;
      try {
        words = Words.parse(args, Set.of("--help", "-h"));
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        err.println(USAGE);
        return USAGE_ERROR;
      }
      if (words.plain().isEmpty() || words.options().containsKey("--help")) {
        out.println(USAGE);
        return words.plain().isEmpty() && !words.options().containsKey("--help") ? USAGE_ERROR : 0;
      }
      String verb = words.plain().getFirst();
      return switch (verb) {
        case "add" -> add(words, out, err);
        case "list" -> within(opener, USAGE, err, context -> {
          for (UserAccount user : context.getBean(UserAccounts.class).list()) {
            out.printf("%-24s %-30s %-32s %s%n", user.username(), String.join(",", user.roles()),
                user.fhirUser() == null ? "-" : user.fhirUser(), user.enabled() ? "enabled" : "disabled");
          }
          return 0;
        });
        case "disable", "enable" -> {
          if (words.plain().size() != 2) {
            err.println(USAGE);
            yield USAGE_ERROR;
          }
          String username = words.plain().get(1);
          yield within(opener, USAGE, err, context -> {
            UserAccounts users = context.getBean(UserAccounts.class);
            boolean found = verb.equals("disable") ? users.disable(username) : users.enable(username);
            if (!found) {
              err.println("no user '" + username + "'");
              return 1;
            }
            out.println("user " + username + " " + verb + "d");
            return 0;
          });
        }
        default -> {
          err.println("unknown: user " + verb);
          err.println(USAGE);
          yield USAGE_ERROR;
        }
      };
    }

    private int add(Words words, PrintStream out, PrintStream err) {
      try {
        words.allowOnly(Set.of("--role", "--fhir-user", "--organization", "--patient"));
        if (words.plain().size() != 2) {
          throw new IllegalArgumentException("name one user");
        }
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        err.println(USAGE);
        return USAGE_ERROR;
      }
      Optional<String> password = password(err);
      if (password.isEmpty()) {
        err.println("no password: set SEN_PASSWORD or write it on standard input");
        return USAGE_ERROR;
      }
      UserAccounts.NewUser user = new UserAccounts.NewUser(words.plain().get(1),
          new LinkedHashSet<>(words.all("--role")), words.one("--fhir-user"), words.one("--organization"),
          words.one("--patient"));
      return within(opener, USAGE, err, context -> {
        UserAccount added = context.getBean(UserAccounts.class).add(user, password.get());
        out.println("user " + added.username() + " added (" + String.join(",", added.roles()) + ")");
        return 0;
      });
    }

    private Optional<String> password(PrintStream err) {
      String fromEnv = env.get("SEN_PASSWORD");
      if (fromEnv != null && !fromEnv.isEmpty()) {
        return Optional.of(fromEnv);
      }
      Console console = System.console();
      if (console != null && stdin == System.in) {
        char[] typed = console.readPassword("Password: ");
        return typed == null || typed.length == 0 ? Optional.empty() : Optional.of(new String(typed));
      }
      try {
        String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        return line == null || line.isEmpty() ? Optional.empty() : Optional.of(line);
      } catch (IOException e) {
        err.println("cannot read the password: " + e.getMessage());
        return Optional.empty();
      }
    }
  }

  static final class Client implements ModuleCommand {
    static final String USAGE = """
        usage: client add CLIENT_ID --scopes "system/*.rs" [--redirect-uri URI…] [--public] [--ask-consent] [--name "App name"] [--jwks-uri URL]
          without --redirect-uri: a system client (client credentials, secret printed once; with --jwks-uri it
            authenticates with RS384-signed JWTs whose keys are at that URL instead: private_key_jwt)
          with --redirect-uri: an app (authorization code with PKCE); --public for one without a secret;
            --ask-consent to have each user grant the scopes it asks for (apps not run by the care provider);
            --name: what users see of it on the consent and apps pages (default: the client id)""";
    private final IdentityCli.Opener opener;

    Client(IdentityCli.Opener opener) {
      this.opener = opener;
    }

    @Override
    public String name() {
      return "client";
    }

    @Override
    public String summary() {
      return "register an OAuth client (client --help)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
      Words words;
      try {
        words = Words.parse(args, Set.of("--public", "--ask-consent", "--help", "-h"));
        if (words.options().containsKey("--help") || words.options().containsKey("-h")) {
          out.println(USAGE);
          return 0;
        }
        words.allowOnly(Set.of("--scopes", "--redirect-uri", "--public", "--ask-consent", "--name", "--jwks-uri"));
        if (words.plain().size() != 2 || !words.plain().getFirst().equals("add")) {
          throw new IllegalArgumentException("expected: client add CLIENT_ID …");
        }
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        err.println(USAGE);
        return USAGE_ERROR;
      }
      String scopes = words.one("--scopes");
      OAuthClients.NewClient client = new OAuthClients.NewClient(words.plain().get(1),
          scopes == null ? Set.of() : new LinkedHashSet<>(List.of(scopes.trim().split("\\s+"))),
          words.options().containsKey("--public"), words.all("--redirect-uri"), words.one("--jwks-uri"),
          words.options().containsKey("--ask-consent"), words.one("--name"));
      return within(opener, USAGE, err, context -> {
        Optional<String> secret = context.getBean(OAuthClients.class).add(client);
        out.println("client " + client.clientId() + " added");
        secret.ifPresent(s -> out.println("client secret (shown only now; store it safely): " + s));
        return 0;
      });
    }
  }

  static final class Keys implements ModuleCommand {
    static final String USAGE = "usage: keys rotate   (new signing key; the old one stays published until its tokens expire)";
    private final IdentityCli.Opener opener;

    Keys(IdentityCli.Opener opener) {
      this.opener = opener;
    }

    @Override
    public String name() {
      return "keys";
    }

    @Override
    public String summary() {
      return "rotate the token signing key (keys rotate)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
      if (!args.equals(List.of("rotate"))) {
        (args.contains("--help") ? out : err).println(USAGE);
        return args.contains("--help") ? 0 : USAGE_ERROR;
      }
      return within(opener, USAGE, err, context -> {
        SigningKeys keys = context.getBean(SigningKeys.class);
        String before = keys.currentKid();
        String kid = keys.rotate();
        out.println("signing key " + kid + " is current; " + before + " stays published until its tokens expire");
        return 0;
      });
    }
  }
}
