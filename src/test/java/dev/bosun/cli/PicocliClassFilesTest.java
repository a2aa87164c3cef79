package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * picocli is compiled from its sources with bosun's release (pom.xml, picocli-sources): its jar
 * holds Java 5 class files, which a JDK 25 AOT cache cannot store linked, so every start loaded and
 * verified them from the jar again.
 */
class PicocliClassFilesTest {

  @Test
  void picocliOnTheClassPathIsBosunsOwnBuildOfIt() throws Exception {
    try (InputStream in =
        CommandLine.class.getResourceAsStream("CommandLine$Model$CommandSpec.class")) {
      assertThat(in).as("picocli's class files").isNotNull();
      DataInputStream data = new DataInputStream(in);
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort(); // minor
      int major = data.readUnsignedShort();
      assertThat(major)
          .as(
              "class file version of picocli (49 is Java 5: the picocli-sources execution did not run)")
          .isGreaterThanOrEqualTo(65);
    }
    assertThat(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .as("where picocli was loaded from")
        .doesNotEndWith(".jar");
  }
}
