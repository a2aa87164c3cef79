package dev.bosun.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link ImageInspector} answering from a table, standing in for the registry in deploy tests.
 */
public final class FakeImages implements ImageInspector {

  private final Map<String, ImageFacts> byReference = new HashMap<>();
  public final List<String> asked = new ArrayList<>();

  public FakeImages with(String reference, String digest, Map<String, String> labels) {
    byReference.put(reference, new ImageFacts(digest, labels));
    return this;
  }

  @Override
  public ImageFacts inspect(ImageRef image) {
    asked.add(image.toString());
    ImageFacts facts = byReference.get(image.toString());
    if (facts == null) {
      throw new dev.bosun.support.OutsideSystemException("registry", "no such image " + image);
    }
    return facts;
  }
}
