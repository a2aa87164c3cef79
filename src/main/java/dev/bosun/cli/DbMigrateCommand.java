package dev.bosun.cli;

import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.support.OutsideSystemException;
import picocli.CommandLine.Command;

/** Placeholder until the db-migrate issue lands. */
@Command(name = "db-migrate", mixinStandardHelpOptions = true, versionProvider = BuildInfo.class,
    description = "db-migrate (not implemented yet).")
@ActionBranding(icon = "box", color = "blue")
public final class DbMigrateCommand extends ActionCommand {

  public DbMigrateCommand(ActionRuntime runtime) {
    super(runtime);
  }

  @Override
  public Integer call() {
    throw new OutsideSystemException("db-migrate", "db-migrate is not implemented yet");
  }
}
