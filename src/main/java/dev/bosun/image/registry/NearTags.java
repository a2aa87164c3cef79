package dev.bosun.image.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The tags of a repository that look like a tag that was not found: the same version with or without {@code v}
 * ({@code v1.2.3} and {@code 1.2.3}), a prefix of it or an extension of it, or a few edits away. A pure rule.
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
        .filter(t -> {
          String n = normal(t);
          return n.equals(w) || !n.isEmpty() && (n.startsWith(w) || w.startsWith(n)) || distance(n, w) <= limit;
        })
        .sorted(Comparator.comparingInt((String t) -> normal(t).equals(w) ? -1 : distance(normal(t), w))
            .thenComparing(Comparator.naturalOrder()))
        .limit(MAX)
        .toList();
  }

  /** Lower case without a leading {@code v}: {@code V1.2.3} and {@code 1.2.3} are the same version. */
  private static String normal(String tag) {
    String t = tag.toLowerCase(Locale.ROOT);
    return t.length() > 1 && t.charAt(0) == 'v' && Character.isDigit(t.charAt(1)) ? t.substring(1) : t;
  }

  /** Levenshtein distance (tags are at most 128 characters, so two rows are plenty). */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
