package dev.rebound.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every hook transforms the real classes it names (OkHttp 3.14, HttpClient 4.5 and 5.x from the
 * build's class path): its advice classes exist under the names it gives, and its method matchers
 * find something to weave into. The JDK hook needs a live JVM and is covered by its integration
 * tests.
 */
class HooksTest {

  @Test
  void everyHookTransformsTheClassesItNames() throws Exception {
    List<String> transformed = new ArrayList<>();
    List<String> untouched = new ArrayList<>();
    for (Hook hook : Installer.HOOKS) {
      if (hook.client().equals("jdk")) {
        continue;
      }
      ClassFileTransformer transformer = Installer.build(List.of(hook));
      for (String name : hook.typeNames()) {
        byte[] original = bytesOf(name);
        if (original == null) {
          continue; // another version's class name (e.g. OkHttp 4.4+'s RealCall)
        }
        byte[] result =
            transformer.transform(getClass().getClassLoader(), name.replace('.', '/'), null, null, original);
        (result == null ? untouched : transformed).add(hook.client() + " " + name);
      }
    }
    assertThat(untouched).isEmpty();
    assertThat(transformed).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void everyHookHasAUniqueClientNameFromTheSpec() {
    assertThat(Installer.HOOKS).extracting(Hook::client)
        .containsExactly("okhttp", "jdk", "apache4", "apache5", "apache5-async");
  }

  private byte[] bytesOf(String className) throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
      return in == null ? null : in.readAllBytes();
    }
  }
}
