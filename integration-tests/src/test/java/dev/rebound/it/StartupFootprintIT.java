package dev.rebound.it;

import static dev.rebound.it.support.ClassLoadLog.indexOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.it.probes.JdkStderrProbe;
import dev.rebound.it.probes.NoClientProbe;
import dev.rebound.it.support.ForkedJvm;
import dev.rebound.it.support.OneAnswerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What start-up loads (issue #12): an application that loads no hooked client loads nothing of the
 * hooks beyond premain's transformer; premain and calls Rebound does not manage load no engine, no
 * classifier, no Jackson, no HdrHistogram and no bytecode library (the hooks are patched by
 * Rebound's own class-file code); the first managed call loads the engine. A call that succeeds
 * loads neither Jackson (only an error body is parsed; the metrics log writes its own JSON) nor
 * Flight Recorder while no recording runs. Nothing of the fleet's sharing (issue #16) loads unless
 * {@code rebound.shared.redis} is set.
 */
class StartupFootprintIT {
  private static final List<String> LOADED_ONLY_FOR_MANAGED_CALLS =
      List.of(
          "dev.rebound.agent.engine.CallEngine ",
          "dev.rebound.agent.classify.Classifier ",
          "dev.rebound.shaded.hdrhistogram.");

  private static final List<String> NOT_LOADED_FOR_A_SUCCESS =
      List.of("dev.rebound.shaded.jackson.", "dev.rebound.agent.jfr.", "jdk.jfr.internal.");

  @TempDir Path dir;

  @Test
  void anApplicationWithNoHookedClientLoadsNoPatcherGateOrHandler() throws Exception {
    List<String> loads = classLoads("no-client", "127.0.0.2:1", "off", NoClientProbe.class);

    assertThat(loads)
        .as("premain installed the transformer")
        .anyMatch(l -> l.contains("] dev.rebound.agent.hook.HookTransformer "));
    for (String name : List.of("Gate", "HookHandlers", "ClassPatcher")) {
      assertThat(loads)
          .as(name)
          .noneMatch(l -> l.contains("] dev.rebound.agent.hook." + name + " "));
    }
  }

  @Test
  void callsNotManagedStartNothingOfTheEngine() throws Exception {
    try (OneAnswerServer other = new OneAnswerServer(200, "{}")) {
      List<String> loads =
          classLoads(
              "unmanaged",
              "127.0.0.2:1",
              "off",
              JdkStderrProbe.class,
              other.url("/v1/chat/completions"));

      for (String prefix : LOADED_ONLY_FOR_MANAGED_CALLS) {
        assertThat(loads).as(prefix).noneMatch(l -> l.contains("] " + prefix));
      }
      for (String prefix : NOT_LOADED_FOR_A_SUCCESS) {
        assertThat(loads).as(prefix).noneMatch(l -> l.contains("] " + prefix));
      }
      assertThat(loads).noneMatch(l -> l.contains("] dev.rebound.shaded.bytebuddy."));
      assertThat(loads).noneMatch(l -> l.contains("] dev.rebound.agent.shared."));
      assertThat(loads)
          .as("the hook itself ran")
          .anyMatch(l -> l.contains("] dev.rebound.agent.hook.Gate "));
      // Without rebound.log=debug, patching says nothing: Rebound's stderr writer first loads
      // when the configuration is read, at exit here.
      assertThat(indexOf(loads, "dev.rebound.agent.bootstrap.Diagnostics "))
          .as("the stderr writer loaded only by the configuration's read at exit")
          .isGreaterThan(indexOf(loads, "dev.rebound.agent.config.ConfigSources "));
    }
  }

  @Test
  void theFirstManagedCallStartsTheEngine() throws Exception {
    try (OneAnswerServer llm = new OneAnswerServer(200, "{\"choices\":[]}")) {
      List<String> loads =
          classLoads(
              "managed",
              llm.hostAndPort(),
              dir.resolve("metrics.jsonl").toString(),
              JdkStderrProbe.class,
              llm.url("/v1/chat/completions"));

      for (String prefix : LOADED_ONLY_FOR_MANAGED_CALLS) {
        assertThat(loads).as(prefix).anyMatch(l -> l.contains("] " + prefix));
      }
      for (String prefix : NOT_LOADED_FOR_A_SUCCESS) {
        assertThat(loads).as(prefix).noneMatch(l -> l.contains("] " + prefix));
      }
      assertThat(Files.readString(dir.resolve("metrics.jsonl")))
          .as("the call record, written without Jackson")
          .contains("\"type\":\"call\"", "\"outcome\":\"success\"");
      // Issue #16: without rebound.shared.redis nothing of the sharing loads, even once the
      // engine runs (it needs no Redis library: its RESP client is in this package).
      assertThat(loads).noneMatch(l -> l.contains("] dev.rebound.agent.shared."));
      assertThat(loads)
          .noneMatch(l -> l.contains("] dev.rebound.agent.engine.CredentialFingerprint"));
      // A lambda is spun into a class of its own when first run, about half a millisecond each on
      // a first call: the engine and the start-up code a first success runs have none. (The meters'
      // own thread may spin some, off the application's threads, when it finds Micrometer.)
      assertThat(loads)
          .as("lambdas spun by the engine or the start-up code")
          .noneMatch(
              l ->
                  l.contains("$$Lambda")
                      && (l.contains("] dev.rebound.agent.engine.")
                          || l.contains("] dev.rebound.agent.bootstrap.")));
    }
  }

  private List<String> classLoads(
      String name, String llmHosts, String metrics, Class<?> probe, String... args)
      throws Exception {
    Path log = dir.resolve(name + ".log");
    ForkedJvm.Result r =
        new ForkedJvm()
            .withAgent(null)
            .jvmArg("-Drebound.hosts=" + llmHosts)
            .jvmArg("-Drebound.metrics.file=" + metrics)
            .jvmArg("-Xlog:class+load=info:file=" + log)
            .jvmArg("-cp")
            .jvmArg(System.getProperty("java.class.path"))
            .args(probe.getName())
            .args(args)
            .run();
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return Files.readAllLines(log);
  }
}
