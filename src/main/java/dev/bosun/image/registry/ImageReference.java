package dev.bosun.image.registry;

import dev.bosun.support.BadInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed image reference {@code [registry/]repository[:tag][@digest]}, with Docker's defaults: no
 * registry means {@code docker.io}, a one-part Docker Hub name lives under {@code library/}, and no
 * tag and no digest means {@code latest}.
 *
 * @param registry the registry host, with its port if any ({@code ghcr.io}, {@code localhost:5000})
 * @param repository the repository path ({@code acme/shop}, {@code library/nginx})
 * @param tag the tag, or null when only a digest is given
 * @param digest the content digest ({@code sha256:…}), or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

  /** Docker Hub's name in references; its API lives at {@link #DOCKER_HUB_API}. */
  public static final String DOCKER_HUB = "docker.io";

  static final String DOCKER_HUB_API = "registry-1.docker.io";

  private static final String FORM =
      "[registry[:port]/]repository[:tag][@sha256:<64 hex>], for example ghcr.io/acme/shop:1.2.3";
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+])"
              + "(?::[0-9]{1,5})?");
  static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("bad tag " + tag);
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("bad digest " + digest);
    }
  }

  /**
   * Parses a reference; no tag and no digest means {@code :latest}. Names the input in the error.
   */
  public static ImageReference parse(String input, String value) {
    ImageReference ref = parseName(input, value);
    return ref.tag() == null && ref.digest() == null ? ref.withTag("latest") : ref;
  }

  /**
   * Parses a reference as given; for an error without an input name, see {@link #parse(String,
   * String)}.
   */
  public static ImageReference parse(String value) {
    return parse("image", value);
  }

  /**
   * Parses an image name with neither tag nor digest ({@code ghcr.io/acme/shop}), as the {@code
   * image} input takes it. Upper case is lowered first, since {@code ${{ github.repository }}} may
   * contain capitals.
   */
  public static ImageReference parseRepository(String input, String value) {
    String lowered = value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    ImageReference ref = parseName(input, lowered);
    if (ref.tag() != null || ref.digest() != null) {
      throw new BadInputException(
          input,
          "'"
              + value
              + "' must be an image name without tag or digest, for example "
              + "ghcr.io/acme/shop; put tags in 'tags' or 'extra-tags'");
    }
    return ref;
  }

  private static ImageReference parseName(String input, String value) {
    if (value == null || value.isBlank()) {
      throw new BadInputException(input, "an image reference is required, in the form " + FORM);
    }
    String rest = value.trim();
    if (rest.chars().anyMatch(Character::isWhitespace)) {
      throw bad(input, value, "it contains whitespace");
    }
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw bad(input, value, "the digest '" + digest + "' is not sha256:<64 lowercase hex>");
      }
    }
    String tag = null;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw bad(
            input,
            value,
            "the tag '" + tag + "' must be 1 to 128 of [A-Za-z0-9_.-], not starting with . or -");
      }
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".")
          || head.contains(":")
          || head.equals("localhost")
          || head.startsWith("[")) {
        if (!HOST.matcher(head).matches()) {
          throw bad(
              input, value, "the registry '" + head + "' is not a host name with an optional port");
        }
        registry = head.toLowerCase(Locale.ROOT);
        repository = rest.substring(first + 1);
      }
    }
    if (repository.isEmpty()) {
      throw bad(input, value, "the repository name is missing");
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        String why =
            component.isEmpty()
                ? "it has an empty path component"
                : !component.equals(component.toLowerCase(Locale.ROOT))
                    ? "repository names must be lower case ('" + component + "')"
                    : "'"
                        + component
                        + "' is not a valid path component ([a-z0-9] separated by . _ __ or -)";
        throw bad(input, value, why);
      }
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    if (registry.length() + 1 + repository.length() > 255) {
      throw bad(input, value, "the name is longer than 255 characters");
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  private static BadInputException bad(String input, String value, String why) {
    return new BadInputException(
        input, "'" + value + "' is not an image reference: " + why + ". Expected " + FORM);
  }

  /** {@code registry/repository}, the name without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /**
   * The tag or digest the registry API addresses a manifest by; the digest wins when both are
   * given.
   */
  public String reference() {
    return digest != null ? digest : tag;
  }

  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, newTag, null);
  }

  public ImageReference withDigest(String newDigest) {
    return new ImageReference(registry, repository, null, newDigest);
  }

  /** True when both name the same repository on the same registry. */
  public boolean sameRepository(ImageReference other) {
    return registry.equals(other.registry) && repository.equals(other.repository);
  }

  /** The host the registry API answers on (Docker Hub's API is not on docker.io). */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
  }

  @Override
  public String toString() {
    return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
