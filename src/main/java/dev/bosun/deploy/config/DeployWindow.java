package dev.bosun.deploy.config;

import dev.bosun.support.BadInputException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deploy window such as {@code Mon-Thu 09:00-16:00 Europe/Amsterdam}: days (a range or a comma
 * list), a time range in local time (end exclusive) and the zone whose wall clock it is read on, so
 * daylight saving is handled.
 */
public record DeployWindow(
    Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone, String text) {

  private static final Pattern FORM =
      Pattern.compile(
          "([A-Za-z]{3}(?:-[A-Za-z]{3})?(?:,[A-Za-z]{3}(?:-[A-Za-z]{3})?)*)\\s+(\\d{2}:\\d{2})-(\\d{2}:\\d{2})\\s+(\\S+)");
  private static final List<String> DAY_NAMES =
      List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /**
   * Parses the window at {@code path} in the config file; the error shows the value and the
   * expected form.
   */
  public static DeployWindow parse(String path, String text) {
    String value = text == null ? "" : text.trim();
    Matcher m = FORM.matcher(value);
    if (!m.matches()) {
      throw bad(path, value, "");
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : m.group(1).split(",")) {
      String[] ends = part.split("-");
      DayOfWeek first = day(path, value, ends[0]);
      DayOfWeek last = ends.length > 1 ? day(path, value, ends[1]) : first;
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        days.add(d);
        if (d == last) {
          break;
        }
      }
    }
    LocalTime from;
    LocalTime to;
    try {
      from = LocalTime.parse(m.group(2));
      to = LocalTime.parse(m.group(3));
    } catch (RuntimeException e) {
      throw bad(path, value, " (times are HH:MM, 00:00-23:59)");
    }
    if (!from.isBefore(to)) {
      throw bad(path, value, " (the start time must be before the end time)");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(m.group(4));
    } catch (RuntimeException e) {
      throw bad(
          path,
          value,
          " (unknown time zone '"
              + m.group(4)
              + "'; use an IANA zone such as Europe/Amsterdam or UTC)");
    }
    return new DeployWindow(days, from, to, zone, value);
  }

  /** True when {@code now}, read on this window's wall clock, falls inside it. */
  public boolean contains(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    LocalTime t = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && !t.isBefore(from) && t.isBefore(to);
  }

  /** {@code now} as this window's zone shows it, for messages. */
  public String localTime(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    return local.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
        + " "
        + local.toLocalTime().withSecond(0).withNano(0)
        + " "
        + zone;
  }

  private static DayOfWeek day(String path, String value, String name) {
    int i = DAY_NAMES.indexOf(name.toLowerCase(Locale.ROOT));
    if (i < 0) {
      throw bad(
          path, value, " (unknown day '" + name + "'; use Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }
    return DayOfWeek.of(i + 1);
  }

  private static BadInputException bad(String path, String value, String why) {
    return new BadInputException(
        "config",
        "'"
            + path
            + "' is not a deploy window: '"
            + value
            + "'"
            + why
            + ". Expected a form such as 'Mon-Thu 09:00-16:00 Europe/Amsterdam' or 'Mon,Wed 10:00-12:00 UTC'.");
  }

  @Override
  public String toString() {
    return text;
  }
}
