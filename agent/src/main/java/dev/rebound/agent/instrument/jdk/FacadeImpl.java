package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.instrument.AgentRuntime;
import java.lang.reflect.Field;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Set;

/**
 * The {@code impl} of a JDK {@code HttpClientFacade}: the client Rebound sends its attempts to, so
 * that they never come back through the facade's hooked methods. Its package is opened, once,
 * through the agent's {@code Instrumentation}, to Rebound's module: the unnamed module of the class
 * path, which Rebound shares with the application (no boot class path, no line on stderr).
 * Thread-safe.
 */
final class FacadeImpl {
  private static volatile Field field;

  private FacadeImpl() {}

  static HttpClient of(Object facade) throws ReflectiveOperationException {
    Field f = field;
    if (f == null) {
      f = open(facade.getClass());
      field = f;
    }
    return (HttpClient) f.get(facade);
  }

  private static Field open(Class<?> facade) throws NoSuchFieldException {
    Module http = facade.getModule();
    Module rebound = FacadeImpl.class.getModule();
    String pkg = facade.getPackageName();
    if (!http.isOpen(pkg, rebound)) {
      AgentRuntime.current()
          .instrumentation()
          .redefineModule(
              http, Set.of(), Map.of(), Map.of(pkg, Set.of(rebound)), Set.of(), Map.of());
    }
    Field f = facade.getDeclaredField("impl");
    f.setAccessible(true);
    return f;
  }
}
