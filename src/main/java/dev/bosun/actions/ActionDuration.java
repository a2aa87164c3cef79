package dev.bosun.actions;

import dev.bosun.support.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * The picocli converter for every {@link Duration} input: a duration longer than zero (500ms, 10s,
 * 2m, 1h30m, a number of seconds or ISO-8601). Registered for the type, so an option needs no
 * annotation; the inputs whose zero means "none" name {@link OrZero}. A bad value is reported as
 * "Input 'name' ..." with exit code 2, before the command runs.
 */
public final class ActionDuration implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.positive(value);
    } catch (Durations.Invalid e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /** For inputs whose documented zero means "none" (statement-timeout, warn-after). */
  public static final class OrZero implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.nonNegative(value);
      } catch (Durations.Invalid e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
