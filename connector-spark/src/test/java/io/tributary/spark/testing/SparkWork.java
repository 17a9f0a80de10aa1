package io.tributary.spark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the work Spark and Delta do between {@link #start} and {@link #stop}: Spark jobs (by the
 * call site that started them, to see where they come from) and Delta commits, as commit files
 * that appeared in the {@code _delta_log} directories under a warehouse. Counts, not seconds,
 * because a test machine's timings are noisy.
 */
public final class SparkWork extends SparkListener implements AutoCloseable {
  private final SparkSession spark;
  private final Path warehouse;
  private final AtomicLong jobs = new AtomicLong();
  private final Map<String, AtomicLong> jobsBySite = new ConcurrentHashMap<>();
  private final Map<String, Long> commitsBefore;
  private final Map<String, String> executionSites = new ConcurrentHashMap<>();

  private SparkWork(SparkSession spark, Path warehouse) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.commitsBefore = commitsPerTable(warehouse);
    spark.sparkContext().addSparkListener(this);
  }

  /** Starts counting the jobs of {@code spark} and the commits of the Delta tables under {@code warehouse}. */
  public static SparkWork start(SparkSession spark, Path warehouse) {
    return new SparkWork(spark, warehouse);
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
    // A job of a SQL query is counted where its root query started; another where its result
    // stage (the highest id) was submitted.
    String root = jobStart.properties() == null ? null : jobStart.properties().getProperty("spark.sql.execution.root.id",
        jobStart.properties().getProperty("spark.sql.execution.id"));
    String site = root == null ? null : executionSites.get(root);
    if (site == null) {
      site = scala.jdk.javaapi.CollectionConverters.asJava(jobStart.stageInfos()).stream()
          .max(java.util.Comparator.comparingInt(org.apache.spark.scheduler.StageInfo::stageId))
          .map(stage -> site(stage.details(), stage.name())).orElse("?");
    }
    jobsBySite.computeIfAbsent(site, s -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void onOtherEvent(org.apache.spark.scheduler.SparkListenerEvent event) {
    if (event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart start) {
      executionSites.put(Long.toString(start.executionId()), site(start.details(), start.description()));
    }
  }

  /** A call site: its first Tributary frame, else its name. */
  private static String site(String details, String name) {
    String tributary = details == null ? "" : details.lines().map(String::trim)
        .filter(l -> l.contains("io.tributary.") && !l.contains("SparkWork")).findFirst().orElse("");
    String shortName = name == null ? "?" : name.lines().findFirst().orElse("?");
    return tributary.isEmpty() ? shortName : tributary + " <- " + shortName;
  }

  /** Stops counting and returns what was counted. */
  public Counted stop() {
    // Job-start events reach listeners asynchronously: wait until the bus has delivered them.
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Cannot count Spark jobs: the listener bus did not drain", e);
    }
    spark.sparkContext().removeSparkListener(this);
    Map<String, Long> after = commitsPerTable(warehouse);
    Map<String, Long> commits = new TreeMap<>();
    after.forEach((table, n) -> {
      long added = n - commitsBefore.getOrDefault(table, 0L);
      if (added > 0) {
        commits.put(table, added);
      }
    });
    Map<String, Long> sites = new TreeMap<>();
    jobsBySite.forEach((site, n) -> sites.put(site, n.get()));
    return new Counted(jobs.get(), commits, sites);
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }

  /** Per Delta table under {@code root} (by its directory relative to root), its commit files. */
  static Map<String, Long> commitsPerTable(Path root) {
    Map<String, Long> commits = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return commits;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.filter(p -> p.getFileName().toString().matches("\\d{20}\\.json")
              && p.getParent().getFileName().toString().equals("_delta_log"))
          .forEach(p -> commits.merge(root.relativize(p.getParent().getParent()).toString(), 1L, Long::sum));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commits;
  }

  /**
   * What was counted.
   *
   * @param jobs Spark jobs started
   * @param commits per Delta table, the commits made
   * @param jobsBySite jobs per call site
   */
  public record Counted(long jobs, Map<String, Long> commits, Map<String, Long> jobsBySite) {
    public long totalCommits() {
      return commits.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Commits to {@code table} (its directory relative to the warehouse). */
    public long commitsTo(String table) {
      return commits.getOrDefault(table, 0L);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(jobs + " jobs, " + totalCommits() + " commits " + commits);
      jobsBySite.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .forEach(e -> out.append("\n  ").append(e.getValue()).append("  ").append(e.getKey()));
      return out.toString();
    }
  }
}
