package dev.bosun.deploy;

import dev.bosun.support.BadInputException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as the {@code image} input takes it: {@code registry/repository:tag}, {@code
 * …@sha256:…}, or a bare {@code repository:tag} completed with the environments file's {@code
 * registry}.
 */
public record ImageRef(
    String registry, String repository, Optional<String> tag, Optional<String> digest) {

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  public static ImageRef parse(String input, String text, String defaultRegistry) {
    String value = text == null ? "" : text.trim();
    String rest = value;
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest.get()).matches()) {
        throw bad(input, value, "the digest must be sha256: followed by 64 lowercase hex digits");
      }
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag.get()).matches()) {
        throw bad(input, value, "'" + tag.get() + "' is not a valid tag");
      }
    }
    String registry;
    String repository;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? "" : rest.substring(0, slash);
    if (slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      registry = first;
      repository = rest.substring(slash + 1);
    } else {
      if (defaultRegistry == null || defaultRegistry.isBlank()) {
        throw bad(
            input,
            value,
            "name the registry (acr.azurecr.io/app:tag) or set 'registry' in the environments file");
      }
      registry = defaultRegistry;
      repository = rest;
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw bad(
          input,
          value,
          "'"
              + repository
              + "' is not a valid repository name (lowercase, digits, '.', '_', '-', '/')");
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      throw bad(input, value, "give a tag (the full commit SHA or vX.Y.Z) or a digest");
    }
    return new ImageRef(registry, repository, tag, digest);
  }

  private static BadInputException bad(String input, String value, String why) {
    return new BadInputException(
        input,
        "Input '"
            + input
            + "' is not an image reference: '"
            + value
            + "'; "
            + why
            + ". Expected registry/repository:tag or registry/repository@sha256:<digest>.");
  }

  /** {@code registry/repository}. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The reference pinned to {@code digest}, as it is set on the Container App. */
  public String pinned(String digest) {
    return name() + "@" + digest;
  }

  @Override
  public String toString() {
    return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
