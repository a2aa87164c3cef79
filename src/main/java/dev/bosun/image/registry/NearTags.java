package dev.bosun.image.registry;

import dev.bosun.support.EditDistance;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The tags of a repository that look like a tag that was not found: the same version with or
 * without {@code v} ({@code v1.2.3} and {@code 1.2.3}), a prefix of it or an extension of it, or a
 * few edits away. A pure rule.
 */
public final class NearTags {

  static final int MAX = 5;

  private NearTags() {}

  /** At most {@value #MAX} tags from {@code tags} that look like {@code wanted}, nearest first. */
  public static List<String> near(String wanted, List<String> tags) {
    String w = normal(wanted);
    int limit = Math.max(1, w.length() / 3);
    return tags.stream()
        .filter(t -> !t.equals(wanted))
        .filter(
            t -> {
              String n = normal(t);
              return n.equals(w)
                  || !n.isEmpty() && (n.startsWith(w) || w.startsWith(n))
                  || EditDistance.between(n, w) <= limit;
            })
        .sorted(
            Comparator.comparingInt(
                    (String t) -> normal(t).equals(w) ? -1 : EditDistance.between(normal(t), w))
                .thenComparing(Comparator.naturalOrder()))
        .limit(MAX)
        .toList();
  }

  /**
   * Lower case without a leading {@code v}: {@code V1.2.3} and {@code 1.2.3} are the same version.
   */
  private static String normal(String tag) {
    String t = tag.toLowerCase(Locale.ROOT);
    return t.length() > 1 && t.charAt(0) == 'v' && Character.isDigit(t.charAt(1))
        ? t.substring(1)
        : t;
  }
}
