package dev.bosun.actions;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * An enum whose constants are the values of one input. An option of such a type needs no parser of
 * its own: {@link Converter}, registered for every such type, takes the value case-insensitively
 * (and trimmed), by its {@link #input()} spelling or an {@link #aliases() alias}, and a bad value
 * is reported as "Input 'name' is 'x'; expected one of a, b, c." with exit code 2, before the
 * command runs.
 */
public interface InputChoice {

  /** The value as users write it: the constant's name, lower case, with hyphens. */
  default String input() {
    return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Other spellings this value accepts (job.status words, short forms); none by default. */
  default List<String> aliases() {
    return List.of();
  }

  /** Converts an input to the constant of {@code type} it names. */
  final class Converter<E extends Enum<E> & InputChoice> implements CommandLine.ITypeConverter<E> {

    private final Class<E> type;

    public Converter(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      String v = value.trim();
      for (E constant : type.getEnumConstants()) {
        if (constant.input().equalsIgnoreCase(v)
            || constant.aliases().stream().anyMatch(v::equalsIgnoreCase)) {
          return constant;
        }
      }
      throw new CommandLine.TypeConversionException(
          "is '" + value + "'; expected one of " + choices(type) + ".");
    }

    static String choices(Class<? extends Enum<?>> type) {
      return Arrays.stream(type.getEnumConstants())
          .map(c -> ((InputChoice) c).input())
          .collect(Collectors.joining(", "));
    }
  }

  /**
   * Registers {@link Converter} for every {@code InputChoice} type an option of {@code cli}'s
   * commands has, and {@link ActionDuration} for {@link java.time.Duration}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // the option's type is checked to be such an enum
  static void registerConverters(CommandLine cli) {
    cli.registerConverter(java.time.Duration.class, new ActionDuration());
    java.util.Set<Class<?>> types = new java.util.HashSet<>();
    java.util.List<CommandLine> all = new java.util.ArrayList<>(List.of(cli));
    for (int i = 0; i < all.size(); i++) {
      all.addAll(all.get(i).getSubcommands().values());
      for (CommandLine.Model.OptionSpec option : all.get(i).getCommandSpec().options()) {
        Class<?> t = option.type();
        if (t.isEnum() && InputChoice.class.isAssignableFrom(t) && types.add(t)) {
          cli.registerConverter((Class) t, new Converter((Class) t));
        }
      }
    }
  }
}
