package dev.rebound.agent.instrument;

import dev.rebound.agent.bootstrap.Diagnostics;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps Byte Buddy off the application's start-up path. Registered in premain, it costs each class
 * load one set lookup; Byte Buddy's transformer is built meanwhile on a background thread, and only a
 * class Rebound hooks waits for it (bounded), then goes through it. Thread-safe.
 */
final class LazyTransformer implements ClassFileTransformer {
  /** The longest a hooked class waits for Byte Buddy; past it the class is left as it is. */
  private static final long BUILD_TIMEOUT_SECONDS = 30;

  private final Set<String> hookedInternalNames;
  private final FutureTask<ClassFileTransformer> build;

  LazyTransformer(Set<String> hookedInternalNames, Callable<ClassFileTransformer> builder) {
    this.hookedInternalNames = hookedInternalNames;
    this.build = new FutureTask<>(builder);
  }

  /** Starts building Byte Buddy's transformer while the application starts. */
  void startBuilding() {
    Thread t = new Thread(build, "rebound-init");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer)
      throws IllegalClassFormatException {
    if (className == null || !hookedInternalNames.contains(className)) {
      return null;
    }
    ClassFileTransformer delegate = delegate(className);
    return delegate == null
        ? null
        : delegate.transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  private ClassFileTransformer delegate(String className) {
    try {
      return build.get(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Diagnostics.info("could not hook " + className.replace('/', '.') + " (left as it is): " + e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
