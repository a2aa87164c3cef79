package dev.bosun.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link SmokeRunner} that passes or fails as told and remembers what it was asked. */
public final class FakeSmoke implements SmokeRunner {

  private final boolean pass;
  public final List<String> urls = new ArrayList<>();

  public FakeSmoke(boolean pass) {
    this.pass = pass;
  }

  @Override
  public SmokeOutcome run(String baseUrl, Optional<Path> checksFile, String expectedSha) {
    urls.add(baseUrl);
    return new SmokeOutcome(pass, List.of((pass ? "PASS" : "FAIL") + " GET " + baseUrl + "/health"
        + (pass ? " 200" : " 503 (expected 200)")));
  }
}
