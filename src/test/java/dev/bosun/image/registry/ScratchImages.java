package dev.bosun.image.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds small {@code FROM scratch} images with buildah (vfs storage in a temp dir, so nothing
 * needs a daemon or a base image) and pushes them to a {@link LocalRegistry}; test fixture only.
 */
public final class ScratchImages {

  private final Path dir;

  public ScratchImages(Path dir) {
    LocalRegistry.requireTools(true);
    this.dir = dir;
  }

  /** The buildah global flags that keep this fixture's storage apart from everything else. */
  public List<String> storageFlags() {
    return List.of(
        "--root",
        dir.resolve("root").toString(),
        "--runroot",
        dir.resolve("run").toString(),
        "--storage-driver",
        "vfs");
  }

  /**
   * Writes a build context with one small file and a Containerfile {@code FROM scratch}; returns
   * its directory.
   */
  public Path context(String name, String content) throws IOException {
    Path ctx = Files.createDirectories(dir.resolve("ctx-" + name));
    Files.writeString(ctx.resolve("hello.txt"), content);
    Files.writeString(ctx.resolve("Containerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
    return ctx;
  }

  /**
   * Builds and pushes {@code ref}; returns the pushed digest. {@code creds} is {@code user:pass} or
   * null.
   */
  public String push(ImageReference ref, Map<String, String> labels, String content, String creds)
      throws IOException {
    Path ctx = context(ref.repository().replace('/', '-') + "-" + ref.tag(), content);
    List<String> bud = new ArrayList<>(List.of("buildah"));
    bud.addAll(storageFlags());
    bud.addAll(
        List.of(
            "bud",
            "--layers=false",
            "--quiet",
            "-f",
            ctx.resolve("Containerfile").toString(),
            "-t",
            ref.toString()));
    labels.forEach((k, v) -> bud.addAll(List.of("--label", k + "=" + v)));
    bud.add(ctx.toString());
    run(bud);
    Path digestFile = dir.resolve("digest-" + System.nanoTime());
    List<String> push = new ArrayList<>(List.of("buildah"));
    push.addAll(storageFlags());
    push.addAll(List.of("push", "--tls-verify=false", "--digestfile", digestFile.toString()));
    if (creds != null) {
      push.addAll(List.of("--creds", creds));
    }
    push.add(ref.toString());
    run(push);
    return Files.readString(digestFile).trim();
  }

  /**
   * Builds {@code ref} for linux/amd64 and linux/arm64 and pushes the OCI index; returns the index
   * digest.
   */
  public String pushIndex(ImageReference ref, Map<String, String> labels, String content)
      throws IOException {
    Path ctx = context(ref.repository().replace('/', '-') + "-multi-" + ref.tag(), content);
    String list = "localhost/bosun-test-list-" + System.nanoTime();
    List<String> bud = new ArrayList<>(List.of("buildah"));
    bud.addAll(storageFlags());
    bud.addAll(
        List.of(
            "bud",
            "--layers=false",
            "--quiet",
            "--platform",
            "linux/amd64,linux/arm64",
            "--manifest",
            list,
            "-f",
            ctx.resolve("Containerfile").toString()));
    labels.forEach((k, v) -> bud.addAll(List.of("--label", k + "=" + v)));
    bud.add(ctx.toString());
    run(bud);
    Path digestFile = dir.resolve("digest-" + System.nanoTime());
    List<String> push = new ArrayList<>(List.of("buildah"));
    push.addAll(storageFlags());
    push.addAll(
        List.of(
            "manifest",
            "push",
            "--all",
            "--tls-verify=false",
            "--digestfile",
            digestFile.toString(),
            list,
            "docker://" + ref));
    run(push);
    return Files.readString(digestFile).trim();
  }

  private void run(List<String> argv) throws IOException {
    Path out = dir.resolve("buildah-" + System.nanoTime() + ".log");
    Files.createDirectories(dir);
    Process p =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("buildah timed out: " + argv);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "buildah failed (" + p.exitValue() + "): " + argv + "\n" + Files.readString(out));
    }
  }
}
