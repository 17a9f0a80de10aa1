package io.tributary.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P6: the peak heap of ingesting many records against that of ingesting few, each ingest in a JVM
 * of its own with the same fixed {@code -Xmx} and the serial collector. The peak is the largest
 * heap in use right after a full collection, read from the JVM's GC log ({@code -Xlog:gc}: each
 * pause's {@code before->after(committed)}): what the ingest keeps alive, not the garbage it has
 * yet to collect. Only full collections count: after a young one the old generation still holds
 * whatever garbage was promoted since the last full one, which grows with the run's length, not
 * with what it keeps. The child ({@link HeapProbe}) collects fully every {@link
 * HeapProbe#SAMPLE_MILLIS} ms, so a short ingest has samples too. The records come from {@link
 * GeneratedTickets}, in the parent JVM.
 */
final class HeapGrowth {
  static final String XMX = "-Xmx1g";
  private static final Pattern PAUSE = Pattern.compile("Pause Full .*? (\\d+)([KMG])->(\\d+)([KMG])\\(");

  private HeapGrowth() {}

  static Figure measure(Path dir, Sizes sizes, PrintStream out) {
    long small = peak(dir.resolve("small"), sizes.heapSmall(), sizes, out);
    long large = peak(dir.resolve("large"), sizes.heapLarge(), sizes, out);
    return Figure.ratio("P6", "peak heap after GC, " + sizes.heapLarge() + " ÷ " + sizes.heapSmall() + " records",
        (double) large / small, "<= 1.2", v -> v <= 1.2, String.format(Locale.ROOT,
            "%,d records: %d MB; %,d records: %d MB (%s in child JVMs, %s -XX:+UseSerialGC, largest heap after a"
                + " full GC in -Xlog:gc, one forced every %d ms)", sizes.heapLarge(), large >> 20, sizes.heapSmall(), small >> 20,
            sizes.childIngests() ? "ingest" : "connector read only", XMX, HeapProbe.SAMPLE_MILLIS));
  }

  /** The largest after-GC heap, in bytes, of one child ingesting {@code records} tickets. */
  private static long peak(Path dir, int records, Sizes sizes, PrintStream out) {
    try (GeneratedTickets api = new GeneratedTickets(records)) {
      Path gcLog = dir.resolve("gc.log");
      Files.createDirectories(dir);
      long started = System.nanoTime();
      String output = ChildJvm.run(List.of(XMX, "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog),
          HeapProbe.class.getName(), List.of(api.baseUrl(), dir.toString(), sizes.childIngests() ? "ingest" : "read"), dir.resolve("child.log"), 3600);
      Matcher read = Pattern.compile("records (\\d+)").matcher(output);
      if (!read.find() || Long.parseLong(read.group(1)) < records) {
        throw new IllegalStateException("Cannot measure P6: the child did not read all " + records
            + " records; see " + dir.resolve("child.log"));
      }
      long peak = peakAfterGc(Files.readString(gcLog));
      out.printf(Locale.ROOT, "  %,d records: peak %d MB after GC, %.1f s%n", records, peak >> 20,
          (System.nanoTime() - started) / 1e9);
      return peak;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the GC log in " + dir, e);
    }
  }

  static long peakAfterGc(String gcLog) {
    long peak = 0;
    Matcher m = PAUSE.matcher(gcLog);
    while (m.find()) {
      peak = Math.max(peak, bytes(Long.parseLong(m.group(3)), m.group(4)));
    }
    if (peak == 0) {
      throw new IllegalStateException("Cannot measure P6: the GC log shows no full collection");
    }
    return peak;
  }

  private static long bytes(long value, String unit) {
    return switch (unit) {
      case "K" -> value << 10;
      case "M" -> value << 20;
      default -> value << 30;
    };
  }
}
