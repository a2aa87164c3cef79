package dev.bosun.cli;

import dev.bosun.actions.ActionRuntime;
import dev.bosun.deploy.DeploySystems;
import dev.bosun.image.ImageSystems;
import dev.bosun.migrate.MigrateSystems;
import dev.bosun.notify.NotifySystems;
import dev.bosun.smoke.SmokeSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;

/**
 * The composition root: which commands there are and how each action's outside systems are made.
 * {@link #real} is production; a test replaces one action's systems ({@link #withDeploy}, ...) or
 * adds a command of its own, and runs it through {@code Main.run} like any other. Each action's
 * systems are made only when its command runs, so {@code --help} and a bad input never build an
 * HTTP client.
 *
 * @param image build-tag-push's systems; they depend on the run's login inputs, so they are made
 *     from them
 * @param commands the command classes in pipeline order; each has a constructor {@code
 *     (ActionRuntime, Composition)}
 */
public record Composition(
    ImageSystems.Factory image,
    Function<ActionRuntime, DeploySystems> deploy,
    Function<ActionRuntime, MigrateSystems> migrate,
    Function<ActionRuntime, SmokeSystems> smoke,
    Function<ActionRuntime, NotifySystems> notifySlack,
    List<Class<? extends ActionCommand>> commands) {

  public Composition {
    commands = List.copyOf(commands);
  }

  /** The five actions on their real outside systems. */
  public static Composition real() {
    return new Composition(
        ImageSystems::real,
        runtime -> DeploySystems.real(),
        MigrateSystems::real,
        SmokeSystems::real,
        NotifySystems::real,
        List.of(
            BuildTagPushCommand.class,
            DeployEnvCommand.class,
            DbMigrateCommand.class,
            SmokeCheckCommand.class,
            NotifySlackCommand.class));
  }

  public Composition withImage(ImageSystems.Factory image) {
    return new Composition(image, deploy, migrate, smoke, notifySlack, commands);
  }

  public Composition withDeploy(DeploySystems systems) {
    return new Composition(image, runtime -> systems, migrate, smoke, notifySlack, commands);
  }

  public Composition withMigrate(Function<ActionRuntime, MigrateSystems> migrate) {
    return new Composition(image, deploy, migrate, smoke, notifySlack, commands);
  }

  public Composition withSmoke(Function<ActionRuntime, SmokeSystems> smoke) {
    return new Composition(image, deploy, migrate, smoke, notifySlack, commands);
  }

  public Composition withNotifySlack(Function<ActionRuntime, NotifySystems> notifySlack) {
    return new Composition(image, deploy, migrate, smoke, notifySlack, commands);
  }

  /**
   * The same actions plus {@code command}: a test's own command, run the way Main runs the real
   * ones.
   */
  public Composition withCommand(Class<? extends ActionCommand> command) {
    List<Class<? extends ActionCommand>> more = new ArrayList<>(commands);
    more.add(command);
    return new Composition(image, deploy, migrate, smoke, notifySlack, more);
  }

  /** The command class called {@code name} (its {@code @Command} name), if there is one. */
  public Optional<Class<? extends ActionCommand>> named(String name) {
    return commands.stream().filter(c -> name(c).equals(name)).findFirst();
  }

  static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }
}
