package dev.bosun.deploy.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.deploy.gitops.ImageEdit.HelmValues;
import dev.bosun.deploy.gitops.ImageEdit.Kustomize;
import dev.bosun.deploy.gitops.ImageEdit.Target;
import dev.bosun.support.BadInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The file edit changes exactly the named app's image and keeps every other byte of the file. */
class ImageEditTest {

  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final Target API = new Target("ghcr.io/acme/api", D2, Optional.of("v1.4.0"));

  @Test
  void kustomizeReplacesDigestAndTagOfTheNamedImageOnly() {
    String before =
        """
        # prod overlay; owned by the platform team
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - ../../base   # shared base
        images:
          - name: ghcr.io/acme/web
            newTag: v0.9.0
            digest: %s
          - name: ghcr.io/acme/api   # the API
            newTag: "v1.3.0"
            digest: %s  # pinned by bosun
        """
            .formatted(D1, D1);

    ImageEdit.Result r = ImageEdit.apply("k.yaml", before, new Kustomize(), API);

    assertThat(r.text())
        .isEqualTo(
            before
                .replace("newTag: \"v1.3.0\"", "newTag: \"v1.4.0\"")
                .replace("digest: " + D1 + "  # pinned", "digest: " + D2 + "  # pinned"));
    assertThat(r.changed()).isTrue();
    assertThat(r.before()).isEqualTo(D1);
    assertThat(ImageEdit.current("k.yaml", r.text(), new Kustomize(), "ghcr.io/acme/web"))
        .contains(D1);
  }

  @Test
  void kustomizeAddsADigestAtTheEntrysIndentationAndDropsAStaleTagWithoutAVersion() {
    String before =
        "images:\n- name: api\n  newName: ghcr.io/acme/api\n  newTag: latest\n- name: other\n";

    ImageEdit.Result r =
        ImageEdit.apply(
            "k.yaml",
            before,
            new Kustomize(),
            new Target("ghcr.io/acme/api", D2, Optional.empty()));

    assertThat(r.text())
        .isEqualTo(
            "images:\n- name: api\n  newName: ghcr.io/acme/api\n  digest: "
                + D2
                + "\n- name: other\n");
  }

  @Test
  void kustomizeFlowEntriesStayFlow() {
    String before = "images: [{name: ghcr.io/acme/api, newTag: v1.3.0}]\n";

    ImageEdit.Result r = ImageEdit.apply("k.yaml", before, new Kustomize(), API);

    assertThat(r.text())
        .isEqualTo("images: [{name: ghcr.io/acme/api, newTag: v1.4.0, digest: " + D2 + "}]\n");
  }

  @Test
  void helmValuesDigestAndFullReference() {
    String before =
        """
        replicaCount: 3
        image:
          repository: ghcr.io/acme/api  # set by CI
          digest: ""
          pullPolicy: IfNotPresent
        worker:
          image: 'ghcr.io/acme/api@%s'
        """
            .formatted(D1);

    String once = ImageEdit.apply("v.yaml", before, new HelmValues("image.digest"), API).text();
    ImageEdit.Result twice = ImageEdit.apply("v.yaml", once, new HelmValues("worker.image"), API);

    assertThat(twice.text())
        .isEqualTo(
            before
                .replace("digest: \"\"", "digest: \"" + D2 + "\"")
                .replace("'ghcr.io/acme/api@" + D1 + "'", "'ghcr.io/acme/api@" + D2 + "'"));
    assertThat(twice.before()).isEqualTo("ghcr.io/acme/api@" + D1);
    assertThat(ImageEdit.current("v.yaml", twice.text(), new HelmValues("worker.image"), "x"))
        .contains(D2);
  }

  @Test
  void emptyPlainValueGetsASpace() {
    ImageEdit.Result r =
        ImageEdit.apply(
            "v.yaml", "image:\n  digest:\n  tag: x\n", new HelmValues("image.digest"), API);
    assertThat(r.text()).isEqualTo("image:\n  digest: " + D2 + "\n  tag: x\n");
  }

  @Test
  void sameDigestIsNoChange() {
    String text = "images:\n- name: ghcr.io/acme/api\n  newTag: v1.4.0\n  digest: " + D2 + "\n";
    assertThat(ImageEdit.apply("k.yaml", text, new Kustomize(), API).changed()).isFalse();
  }

  @Test
  void missingEntryOrPathIsBadInputSayingWhatToAdd() {
    assertThatThrownBy(
            () -> ImageEdit.apply("k.yaml", "images:\n- name: other\n", new Kustomize(), API))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no images: entry with name (or newName) " + "'ghcr.io/acme/api'");
    assertThatThrownBy(
            () -> ImageEdit.apply("v.yaml", "image: {}\n", new HelmValues("image.digest"), API))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has no value at 'image.digest'");
    assertThatThrownBy(() -> ImageEdit.apply("v.yaml", "a: [", new HelmValues("image.digest"), API))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is not valid YAML");
  }
}
