package dev.bosun;

import dev.bosun.actions.ActionEnv;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.InputDefaultProvider;
import dev.bosun.actions.Multiline;
import dev.bosun.actions.UserInfo;
import dev.bosun.cli.ActionCommand;
import dev.bosun.cli.BosunCommand;
import dev.bosun.cli.CommandFactory;
import dev.bosun.cli.Composition;
import dev.bosun.cli.Wiring;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Entry point: wires picocli to the Actions runtime. The only place that calls {@code System.exit}.
 */
public final class Main {

  private static final Pattern URL_PASSWORD = Pattern.compile("://[^/:@\\s]+:([^@\\s]+)@");
  private static final Pattern PEM_ARMOUR = Pattern.compile("-----(BEGIN|END) [A-Z0-9 ]+-----");
  private static final int MIN_LINE_MASK = 8;
  private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)password=([^&\\s]+)");

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(args, System.getenv(), out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs bosun as the runner would, with {@code env} as the whole environment. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, env, out, err, Composition.real());
  }

  /** The same with {@code composition}'s commands and outside systems: tests pass their own. */
  public static int run(
      String[] args,
      Map<String, String> env,
      PrintWriter out,
      PrintWriter err,
      Composition composition) {
    ActionRuntime runtime = new ActionRuntime(ActionEnv.of(env), out, err);
    CommandLine cli = commandLine(runtime, composition, args.length == 0 ? null : args[0]);
    // picocli prints help and parse errors; through the log's guarded writers, so they are masked
    // and inert too
    cli.setOut(runtime.out());
    cli.setErr(runtime.err());
    maskSecrets(cli, args, runtime);
    try {
      return cli.execute(args);
    } catch (RuntimeException | Error uncaught) {
      // picocli hands only Exceptions thrown by a command to its handler; anything else still gets
      // one annotation
      return Wiring.reportUncaught(runtime, uncaught);
    } finally {
      runtime.log().drain();
      out.flush();
      err.flush();
    }
  }

  /** The full command tree, wired to {@code runtime}. */
  public static CommandLine commandLine(ActionRuntime runtime) {
    return commandLine(runtime, Composition.real(), null);
  }

  static CommandLine commandLine(ActionRuntime runtime, String command) {
    return commandLine(runtime, Composition.real(), command);
  }

  /**
   * The command tree with only {@code command} in it when that names a command, else all of them:
   * picocli builds each command's model by reflection, and a one-command run should not pay for
   * constructing the other four. Every command is made by the one {@link CommandFactory}.
   */
  static CommandLine commandLine(ActionRuntime runtime, Composition composition, String command) {
    CommandFactory factory = new CommandFactory(runtime, composition);
    CommandLine cli = new CommandLine(BosunCommand.class, factory);
    Optional.ofNullable(command)
        .flatMap(composition::named)
        .<List<Class<? extends ActionCommand>>>map(List::of)
        .orElse(composition.commands())
        .forEach(cli::addSubcommand);
    cli.setDefaultValueProvider(new InputDefaultProvider(runtime.env()));
    Wiring.install(cli, runtime);
    return cli;
  }

  /**
   * Masks every secret input before anything is printed, even before parsing: parse errors may echo
   * values. A URL's password and each line of a multiline secret are masked on their own too.
   */
  static void maskSecrets(CommandLine cli, String[] args, ActionRuntime runtime) {
    // a password in any URL, in any input or argument (a mistyped flag's too), whether or not the
    // option is secret
    for (String arg : args) {
      UserInfo.secrets(arg).forEach(runtime.log()::addMask);
    }
    runtime
        .env()
        .all()
        .forEach(
            (name, value) -> {
              if (name.startsWith("INPUT_")) {
                UserInfo.secrets(value).forEach(runtime.log()::addMask);
              }
            });
    CommandLine sub = args.length == 0 ? null : cli.getSubcommands().get(args[0]);
    if (sub == null) {
      return;
    }
    for (OptionSpec option : sub.getCommandSpec().options()) {
      if (!InputDefaultProvider.isSecret(option)) {
        continue;
      }
      List<String> values = new ArrayList<>();
      runtime.env().input(InputDefaultProvider.inputName(option)).ifPresent(values::add);
      for (int i = 1; i < args.length; i++) {
        for (String name : option.names()) {
          if (args[i].equals(name) && i + 1 < args.length) {
            values.add(args[i + 1]);
          } else if (args[i].startsWith(name + "=")) {
            values.add(args[i].substring(name.length() + 1));
          }
        }
      }
      boolean document = InputDefaultProvider.isDocument(option);
      for (String value : values) {
        runtime.log().addMask(value.trim());
        for (String line : document ? List.<String>of() : Multiline.lines(value)) {
          if (secretOnItsOwn(line)) {
            runtime.log().addMask(line);
          }
          maskParts(line, runtime);
        }
      }
    }
  }

  /**
   * Whether one line of a multiline secret is worth a mask of its own. The runner logs line by
   * line, so a key's body lines must be masked one by one; but a PEM armour line ("-----END OPENSSH
   * PRIVATE KEY-----") is public, and a short line (a base64 tail, a YAML "- web") would mask that
   * text wherever it appears. The whole value is masked regardless.
   */
  static boolean secretOnItsOwn(String line) {
    return line.length() >= MIN_LINE_MASK && !PEM_ARMOUR.matcher(line).matches();
  }

  private static void maskParts(String value, ActionRuntime runtime) {
    for (Pattern p : List.of(URL_PASSWORD, QUERY_PASSWORD)) {
      Matcher m = p.matcher(value);
      while (m.find()) {
        runtime.log().addMask(m.group(1));
      }
    }
    int colon = value.indexOf(':');
    if (colon > 0 && !value.contains("://") && value.substring(0, colon).matches("[A-Za-z0-9-]+")) {
      // a header line "Name: value": its value is the secret
      runtime.log().addMask(value.substring(colon + 1).trim());
    }
  }
}
