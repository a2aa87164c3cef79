package dev.bosun.actions;

import java.lang.reflect.Field;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Makes every picocli option an action input too: when the flag is absent, the value comes from
 * {@code INPUT_<NAME>}. An empty input counts as absent, so the option's own default applies.
 */
public final class InputDefaultProvider implements CommandLine.IDefaultValueProvider {

  private final ActionEnv env;

  public InputDefaultProvider(ActionEnv env) {
    this.env = env;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)
        || isCliOnly(option)
        || option.usageHelp()
        || option.versionHelp()) {
      return null;
    }
    return env.input(inputName(option))
        .map(v -> option.isMultiValue() ? String.join("\n", Multiline.lines(v)) : v)
        .filter(v -> !v.isEmpty())
        .orElse(null);
  }

  /** The action input name of an option: its longest flag without the dashes. */
  public static String inputName(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  public static boolean isCliOnly(OptionSpec option) {
    return option.userObject() instanceof Field f && f.isAnnotationPresent(CliOnly.class);
  }

  public static boolean isSecret(OptionSpec option) {
    return option.userObject() instanceof Field f && f.isAnnotationPresent(Secret.class);
  }

  /**
   * A secret document whose command masks the secret values inside it (see {@link
   * Secret#document()}).
   */
  public static boolean isDocument(OptionSpec option) {
    return option.userObject() instanceof Field f
        && f.isAnnotationPresent(Secret.class)
        && f.getAnnotation(Secret.class).document();
  }
}
