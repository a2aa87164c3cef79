package dev.bosun.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a kubeconfig's exec credential plugin as kubectl does (the ExecCredential protocol of
 * client.authentication.k8s.io) and reads the token or client certificate it prints.
 */
final class ExecCredentials {

  private static final ObjectMapper JSON = Json.mapper();
  private static final int OUTPUT_CAP = 256 * 1024;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private ExecCredentials() {}

  /** What the plugin printed: a token, or a client certificate and key; and until when it holds. */
  record Issued(Kubeconfig.Credential credential, Optional<Instant> expires) {}

  /**
   * Finds {@code command} as a shell would: a path with a slash as it is (relative to the
   * kubeconfig), else on PATH.
   */
  static Optional<Path> locate(String command, Path base, String path) {
    if (command.contains("/")) {
      Path p = base.resolve(command);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    return Arrays.stream(path == null ? new String[0] : path.split(":"))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d).resolve(command))
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  static Issued run(Kubeconfig.Exec exec, Kubeconfig config) {
    ObjectNode info = JSON.createObjectNode();
    info.put("apiVersion", exec.apiVersion());
    info.put("kind", "ExecCredential");
    ObjectNode spec = info.putObject("spec");
    spec.put("interactive", false);
    if (exec.provideClusterInfo()) {
      ObjectNode cluster = spec.putObject("cluster");
      cluster.put("server", config.server().toString());
      config
          .caPem()
          .ifPresent(
              ca ->
                  cluster.put(
                      "certificate-authority-data",
                      Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8))));
      cluster.put("insecure-skip-tls-verify", config.insecure());
    }
    ProcessBuilder pb = new ProcessBuilder();
    pb.command().add(exec.command().toString());
    pb.command().addAll(exec.args());
    pb.environment().putAll(exec.env());
    pb.environment().put("KUBERNETES_EXEC_INFO", info.toString());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    String name = exec.command().getFileName().toString();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new OutsideSystemException(
          Kubeconfig.INPUT,
          "The exec plugin '"
              + name
              + "' of kubeconfig user '"
              + exec.user()
              + "' could not be started: "
              + e.getMessage());
    }
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(() -> capped(process.getInputStream()));
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(() -> capped(process.getErrorStream()));
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new OutsideSystemException(
            Kubeconfig.INPUT,
            "The exec plugin '"
                + name
                + "' of kubeconfig user '"
                + exec.user()
                + "' did not finish within "
                + TIMEOUT.toMinutes()
                + " minutes.");
      }
      String stdout = new String(out.join(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        String why =
            new String(err.join(), StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElse("no message on stderr");
        throw new OutsideSystemException(
            Kubeconfig.INPUT,
            "The exec plugin '"
                + name
                + "' of kubeconfig user '"
                + exec.user()
                + "' exited with "
                + process.exitValue()
                + ": "
                + shorten(why));
      }
      return parse(stdout, name);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new OutsideSystemException(
          Kubeconfig.INPUT, "Interrupted while the exec plugin '" + name + "' ran.");
    }
  }

  static Issued parse(String stdout, String name) {
    JsonNode status;
    try {
      status = JSON.readTree(stdout).path("status");
    } catch (IOException e) {
      throw new OutsideSystemException(
          Kubeconfig.INPUT,
          "The exec plugin '" + name + "' did not print an " + "ExecCredential JSON object.");
    }
    Optional<Instant> expires =
        Optional.of(status.path("expirationTimestamp").asText(""))
            .filter(s -> !s.isEmpty())
            .map(s -> OffsetDateTime.parse(s).toInstant());
    String token = status.path("token").asText("");
    if (!token.isEmpty()) {
      return new Issued(new Kubeconfig.Token(token), expires);
    }
    String cert = status.path("clientCertificateData").asText("");
    String key = status.path("clientKeyData").asText("");
    if (!cert.isEmpty() && !key.isEmpty()) {
      return new Issued(new Kubeconfig.ClientCertificate(cert, key), expires);
    }
    throw new OutsideSystemException(
        Kubeconfig.INPUT,
        "The exec plugin '"
            + name
            + "' printed an ExecCredential "
            + "without status.token or status.clientCertificateData and clientKeyData.");
  }

  private static byte[] capped(InputStream in) {
    try (in) {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) >= 0; ) {
        // read to the end so the plugin never blocks on a full pipe, but keep only the cap
        kept.write(buf, 0, Math.max(0, Math.min(n, OUTPUT_CAP - kept.size())));
      }
      return kept.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String shorten(String s) {
    return s.length() > 300 ? s.substring(0, 297) + "..." : s;
  }
}
