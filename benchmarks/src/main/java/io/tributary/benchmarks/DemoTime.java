package io.tributary.benchmarks;

import io.tributary.examples.demo.Demo;
import io.tributary.simulator.DemoSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * P7: the wall time of {@code tributary demo} as a user runs it: the embedded default, every
 * source's simulator and a local Delta lakehouse, in a JVM of its own started for it (so Spark's
 * start is in it), from process start to exit. An absolute time, the one figure that is not a
 * ratio: the issue sets it for this machine. With {@link Sizes#childIngests()} false (the smoke
 * test), one source's demo runs in this JVM instead: that checks the wiring, not the figure.
 */
final class DemoTime {
  static final double TARGET_SECONDS = 90;

  private DemoTime() {}

  static Figure measure(org.apache.spark.sql.SparkSession spark, Path dir, PrintStream out) {
    long started = System.nanoTime();
    String how;
    if (spark == null) {
      ChildJvm.run(List.of("-Xmx2g"), "io.tributary.examples.Main",
          List.of("demo", "--warehouse", dir.resolve("lakehouse").toString()), dir.resolve("demo.log"), 1800);
      how = "`tributary demo` (io.tributary.examples.Main demo) in a JVM of its own, -Xmx2g, start to exit";
    } else {
      List<DemoSource> sources = Demo.discover().stream().filter(s -> s.source().equals("freshservice")).toList();
      try (PrintStream quiet = new PrintStream(new ByteArrayOutputStream())) {
        Demo.run(spark, dir.resolve("lakehouse"), sources, quiet, quiet);
      } finally {
        sources.forEach(DemoSource::close);
      }
      how = "one source's demo (freshservice) in this JVM: not the figure, a check of the wiring";
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    out.printf(Locale.ROOT, "  demo: %.1f s%n", seconds);
    return Figure.at("P7", "tributary demo wall time", seconds, "s", "<= 90 s", v -> v <= TARGET_SECONDS, how);
  }
}
