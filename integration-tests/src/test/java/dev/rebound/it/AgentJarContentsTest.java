package dev.rebound.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.support.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The built jar is one self-contained agent whose every class lives under dev.rebound. */
class AgentJarContentsTest {

  @Test
  void everyClassLiesInsideReboundsOwnPackages() throws IOException {
    List<String> strays = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      for (JarEntry e : java.util.Collections.list(jar.entries())) {
        String name = e.getName();
        if (!name.endsWith(".class")) {
          continue;
        }
        classes++;
        // META-INF/versions/** would hold multi-release classes that escaped relocation.
        if (!name.startsWith("dev/rebound/")) {
          strays.add(name);
        }
      }
    }
    assertThat(strays).as("classes outside dev/rebound/").isEmpty();
    assertThat(classes).isGreaterThan(100);
  }

  @Test
  void shadedLibrariesAreRelocatedUnderReboundsPackage() throws IOException {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      // The hooks are patched by Rebound's own class-file code: no bytecode library is shipped.
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(name -> name.contains("bytebuddy") || name.contains("/asm/"));
      assertThat(jar.getEntry("dev/rebound/shaded/jackson/core/JsonFactory.class")).isNotNull();
      assertThat(jar.getEntry("dev/rebound/shaded/hdrhistogram/Histogram.class")).isNotNull();
      assertThat(jar.getEntry("dev/rebound/api/CallRecord.class")).isNotNull();
    }
  }

  @Test
  void everyEntryIsStoredSoThatAClassIsReadWithoutAnInflater() throws IOException {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      assertThat(jar.stream().filter(e -> e.getMethod() != ZipEntry.STORED).map(JarEntry::getName))
          .as("deflated entries")
          .isEmpty();
    }
  }

  @Test
  void manifestMakesItAnAgentAndAnExecutable() throws IOException {
    // Read as a stream too: tools that scan jars that way find the manifest only near the start.
    try (JarInputStream in = new JarInputStream(Files.newInputStream(ForkedJvm.agentJar()))) {
      assertThat(in.getManifest().getMainAttributes().getValue("Premain-Class"))
          .isEqualTo("dev.rebound.agent.AgentLoader");
    }
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertThat(main.getValue("Premain-Class")).isEqualTo("dev.rebound.agent.AgentLoader");
      assertThat(main.getValue("Main-Class")).isEqualTo("dev.rebound.agent.ReboundAgent");
      assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
    }
  }
}
