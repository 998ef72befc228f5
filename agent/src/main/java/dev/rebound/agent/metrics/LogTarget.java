package dev.rebound.agent.metrics;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * Decides where {@code rebound.metrics.file} points (a file, stderr or nowhere) and opens it.
 * Stateless and thread-safe.
 */
final class LogTarget {

  enum Kind {
    FILE,
    STDERR,
    OFF
  }

  // The log names hosts and models an application uses; other users of the machine need not.
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private LogTarget() {}

  /** {@code stderr} and {@code off} in any case; anything else is a file path. */
  static Kind kind(String target) {
    String word = target.trim().toLowerCase(Locale.ROOT);
    if (word.equals("off")) {
      return Kind.OFF;
    }
    return word.equals("stderr") ? Kind.STDERR : Kind.FILE;
  }

  /**
   * The process's stderr, written directly: {@code System.err} is a synchronized PrintStream, so
   * writing through it would make the writer hold a lock that application threads wait for. Never
   * to be closed.
   */
  static OutputStream stderr() {
    return new FileOutputStream(FileDescriptor.err);
  }

  /** Opens the file for appending; a new file is readable and writable by its owner only. */
  static OutputStream file(String target) throws IOException {
    Path path = Paths.get(target);
    if (path.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      try {
        // Created with its permissions in one step: no moment where others could open it.
        Files.createFile(path, OWNER_ONLY);
      } catch (FileAlreadyExistsException e) {
        // Appending to an existing log: its permissions are what its owner made them.
      }
    }
    return Files.newOutputStream(
        path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }
}
