package io.tributary.examples.demo;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream that writes whole lines to a shared stream, each starting with a prefix, so that
 * sources ingesting at the same time print lines that never mix and say whose they are.
 */
final class PrefixedLines extends OutputStream {
  private final PrintStream target;
  private final byte[] prefix;
  private byte[] line = new byte[256];
  private int length;

  private PrefixedLines(PrintStream target, String prefix) {
    this.target = target;
    this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
  }

  /** A print stream whose every line goes to {@code target} as one write, after {@code prefix}. */
  static PrintStream to(PrintStream target, String prefix) {
    return new PrintStream(new PrefixedLines(target, prefix), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (length == line.length) {
      line = java.util.Arrays.copyOf(line, length * 2);
    }
    line[length++] = (byte) b;
    if (b == '\n') {
      emit();
    }
  }

  /** A partial line waits for its end; {@link #close} prints it. */
  @Override
  public synchronized void flush() {}

  @Override
  public synchronized void close() {
    if (length > 0) {
      write('\n');
    }
  }

  private void emit() {
    // Whole lines under the target's lock: PrintStream synchronizes on itself.
    synchronized (target) {
      target.write(prefix, 0, prefix.length);
      target.write(line, 0, length);
      target.flush();
    }
    length = 0;
  }
}
