package dev.bosun.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step summary: Markdown built in memory, appended once, never over GitHub's 1 MiB. */
class SummaryTest {

  @TempDir Path dir;

  @Test
  void markdownIsAppendedAndTableCellsCannotBreakTheLayout() throws Exception {
    Path file = dir.resolve("summary.md");
    Files.writeString(file, "earlier step\n");
    Summary summary = new Summary(Optional.of(file), new Masker());

    summary
        .heading(3, "smoke")
        .table(List.of("a", "b"), List.of(List.of("x|y", "1\n2")))
        .list(List.of("one"))
        .details("more", "body")
        .codeBlock("sql", "select 1");
    summary.write();

    assertThat(Files.readString(file))
        .isEqualTo(
            """
        earlier step
        ### smoke

        | a | b |
        | --- | --- |
        | x\\|y | 1<br>2 |

        - one

        <details><summary>more</summary>

        body

        </details>

        ```sql
        select 1
        ```

        """);
  }

  @Test
  void aSummaryIsCutToStayUnderOneMebibyteIncludingWhatIsAlreadyThere() throws Exception {
    Path file = dir.resolve("summary.md");
    Files.writeString(file, "x".repeat(1000));
    Summary summary = new Summary(Optional.of(file), new Masker());

    summary.raw("é".repeat(Summary.LIMIT_BYTES)); // two bytes each in UTF-8
    summary.write();

    byte[] written = Files.readAllBytes(file);
    assertThat(written.length).isLessThanOrEqualTo(Summary.LIMIT_BYTES);
    assertThat(new String(written, StandardCharsets.UTF_8))
        .endsWith(Summary.TRUNCATED)
        .doesNotContain("\uFFFD");
  }

  @Test
  void fitLeavesSmallTextAlone() {
    assertThat(Summary.fit("short", 100)).isEqualTo("short");
    assertThat(Summary.fit("0123456789".repeat(20), 120))
        .endsWith(Summary.TRUNCATED)
        .hasSizeLessThanOrEqualTo(120);
  }

  @Test
  void secretsAreMaskedAndNothingIsWrittenWithoutATarget() throws Exception {
    Masker masker = new Masker();
    masker.add("tok-123456");
    Summary nowhere = new Summary(Optional.empty(), masker);
    nowhere.paragraph("token tok-123456");
    assertThat(nowhere.markdown()).isEqualTo("token ***\n\n");
    nowhere.write();
    assertThat(nowhere.markdown()).isEmpty();

    Path local = dir.resolve("local.md");
    nowhere.targetIfAbsent(local);
    nowhere.paragraph("again tok-123456").write();
    assertThat(Files.readString(local)).isEqualTo("again ***\n\n");
  }
}
