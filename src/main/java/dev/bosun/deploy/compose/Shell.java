package dev.bosun.deploy.compose;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting for the command lines bosun sends to a host; values never carry secrets. */
final class Shell {

  private Shell() {}

  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  static String quoteAll(List<String> values) {
    return values.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }
}
