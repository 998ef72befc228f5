package dev.rebound.agent.metrics;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The metrics file, opened by its first write: on the writer thread, so that no application thread
 * waits for the disk, and the first managed call does not pay for the file system's classes. A file
 * that cannot be opened fails that write, which stops the log as any broken sink does. Confined to
 * the writer thread.
 */
final class FileOnFirstWrite extends OutputStream {
  private final String target;
  private OutputStream out;

  FileOnFirstWrite(String target) {
    this.target = target;
  }

  @Override
  public void write(int b) throws IOException {
    opened().write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    opened().write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    if (out != null) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  private OutputStream opened() throws IOException {
    if (out == null) {
      try {
        out = LogTarget.file(target);
      } catch (IOException | RuntimeException e) {
        throw new IOException("cannot open " + target + ": " + e, e);
      }
    }
    return out;
  }
}
