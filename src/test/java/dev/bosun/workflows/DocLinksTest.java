package dev.bosun.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and docs/ points at a file that exists, and at a heading that
 * exists.
 */
class DocLinksTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*$");

  @Test
  void relativeLinksResolve() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path doc : pages()) {
      String text = FENCE.matcher(Files.readString(doc)).replaceAll("");
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("//")) {
          continue; // http:, https:, mailto: — not ours to check offline
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? "" : target.substring(hash + 1);
        Path resolved =
            file.isEmpty()
                ? doc
                : doc.getParent() == null
                    ? Path.of(URLDecoder.decode(file, StandardCharsets.UTF_8))
                    : doc.getParent()
                        .resolve(URLDecoder.decode(file, StandardCharsets.UTF_8))
                        .normalize();
        if (!Files.exists(resolved)) {
          broken.add(doc + ": " + target + " (no file " + resolved + ")");
        } else if (!anchor.isEmpty()
            && resolved.toString().endsWith(".md")
            && !anchors(resolved).contains(anchor.toLowerCase(Locale.ROOT))) {
          broken.add(doc + ": " + target + " (no heading #" + anchor + " in " + resolved + ")");
        }
      }
    }
    assertThat(checked).as("links checked").isPositive();
    assertThat(broken).as("broken relative links").isEmpty();
  }

  @Test
  void anchorsFollowGitHubsSlugRules() {
    assertThat(slug("The gates: promote-from & tags-only"))
        .isEqualTo("the-gates-promote-from--tags-only");
    assertThat(slug("`deploy-env` on Compose")).isEqualTo("deploy-env-on-compose");
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CHANGELOG.md")));
    for (String dir : List.of("docs", "action-templates", "bench")) {
      if (Files.isDirectory(Path.of(dir))) {
        try (Stream<Path> s = Files.walk(Path.of(dir))) {
          s.filter(p -> p.toString().endsWith(".md") && !p.toString().contains("node_modules"))
              .sorted()
              .forEach(pages::add);
        }
      }
    }
    return pages;
  }

  private static List<String> anchors(Path page) throws IOException {
    String text = FENCE.matcher(Files.readString(page)).replaceAll("");
    List<String> slugs = new ArrayList<>();
    Matcher m = HEADING.matcher(text);
    while (m.find()) {
      String base = slug(m.group(1));
      String candidate = base;
      for (int n = 1; slugs.contains(candidate); n++) {
        candidate = base + "-" + n;
      }
      slugs.add(candidate);
    }
    return slugs;
  }

  /**
   * GitHub's heading anchor: lower case, punctuation dropped except hyphens and underscores, spaces
   * to hyphens.
   */
  static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
