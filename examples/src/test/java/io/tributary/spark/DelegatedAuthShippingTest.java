package io.tributary.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.DelegatedToken;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.testkit.SeparateJvm;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the data source ships to executors for a connector that delegates its OAuth grant
 * (Salesforce, against a simulator that rotates the refresh token on each redemption): executors,
 * each a class loader of its own ({@link SeparateJvm}) given only the serialized reader
 * factory and partition, read with the driver's access token; nothing shipped holds the grant's
 * secrets, and no shipped object prints the token.
 */
class DelegatedAuthShippingTest {
  private final SalesforceSimulator sim = SalesforceSimulator.start(13, 250);
  private final String configuredRefreshToken = sim.currentRefreshToken();
  @TempDir
  Path dir;

  @AfterEach
  void close() {
    sim.close();
  }

  private ReadContext resolve(String table) {
    Map<String, String> raw = new HashMap<>(sim.connectionOptions());
    raw.put("source", "salesforce");
    raw.put("tableName", table);
    // The options the driver was started with; sim.connectionOptions() would name the rotated token.
    raw.put("refresh_token", configuredRefreshToken);
    raw.put("refresh_token_file", dir.resolve("refresh_token").toString());
    raw.put("requests_per_minute", "100000");
    raw.put("bulk_threshold", "0");
    return ReadContext.resolve(TributaryOptions.parse(raw));
  }

  /** A planned read as Spark ships it: the reader factory, each partition, and where Id is. */
  private record Planned(PartitionReaderFactory factory, List<InputPartition> partitions, int idColumn) {
    byte[] task(int i) {
      return SeparateJvm.serialize(factory, partitions.get(i), idColumn);
    }
  }

  private Planned planBatch(String table) {
    ReadContext context = resolve(table);
    TributaryBatch batch = new TributaryBatch(context);
    List<InputPartition> partitions = List.of(batch.planInputPartitions());
    return new Planned(batch.createReaderFactory(), partitions, context.outputSchema().fieldIndex("Id"));
  }

  private static Map<String, Object> onExecutor(byte[] task) {
    try (SeparateJvm executor = SeparateJvm.start()) {
      return executor.run(ExecutorReads.class, task);
    }
  }

  private Set<String> liveIds(String object) {
    return sim.liveKeys(object).stream().map(k -> k.get(0)).collect(Collectors.toSet());
  }

  @Test
  void twoExecutorsReadConcurrentlyWhileOnlyTheDriverRedeemsTheRotatingRefreshToken() throws Exception {
    Planned accounts = planBatch("Account");
    Planned contacts = planBatch("Contact");
    assertThat(accounts.partitions()).hasSize(1);
    assertThat(contacts.partitions()).hasSize(1);

    CompletableFuture<Map<String, Object>> first = CompletableFuture.supplyAsync(() -> onExecutor(accounts.task(0)));
    CompletableFuture<Map<String, Object>> second = CompletableFuture.supplyAsync(() -> onExecutor(contacts.task(0)));

    assertThat(first.get()).doesNotContainKey("error");
    assertThat(second.get()).doesNotContainKey("error");
    assertThat(first.get().get("ids")).asList().containsExactlyInAnyOrderElementsOf(liveIds("Account"));
    assertThat(second.get().get("ids")).asList().containsExactlyInAnyOrderElementsOf(liveIds("Contact"));
    assertThat(sim.refusedGrants()).as("invalid_grant answers").isZero();
    assertThat(sim.tokenRequests()).as("one redemption, on the driver, for both reads").isEqualTo(1);
    assertThat(Files.readString(dir.resolve("refresh_token")))
        .isEqualTo(sim.currentRefreshToken()).isNotEqualTo(configuredRefreshToken);
  }

  @Test
  void aReplayedMicroBatchIsReadOnAnExecutorWithTheDelegatedToken() {
    TributaryMicroBatchStream first = new TributaryMicroBatchStream(resolve("Contact"));
    TributaryStreamOffset start = (TributaryStreamOffset) first.initialOffset();
    TributaryStreamOffset end = (TributaryStreamOffset) first.latestOffset(start, ReadLimit.allAvailable());
    first.stop();
    // A restarted query replays the batch from its logged offsets: the records are read again on executors.
    ReadContext context = resolve("Contact");
    TributaryMicroBatchStream restarted = new TributaryMicroBatchStream(context);
    List<InputPartition> partitions = List.of(restarted.planInputPartitions(start, end));
    Planned replay = new Planned(restarted.createReaderFactory(), partitions, context.outputSchema().fieldIndex("Id"));
    restarted.stop();

    Map<String, Object> read = onExecutor(replay.task(0));

    // Read again on an executor: whole (READ_ONCE), or, for a batch spanning more than an hour of
    // SystemModstamp, as the same ranges planned again up to its logged end (PARTITION).
    assertThat(partitions).extracting(Object::toString)
        .allSatisfy(p -> assertThat(p).containsAnyOf("READ_ONCE", "PARTITION"));
    assertThat(read).doesNotContainKey("error");
    assertThat(read.get("ids")).asList().isNotEmpty();
    assertThat(sim.refusedGrants()).isZero();
    assertThat(sim.tokenRequests()).isEqualTo(1);
  }

  @Test
  void noShippedObjectPrintsOrCarriesAGrantSecretAndNonePrintsTheDelegatedToken() {
    Planned planned = planBatch("Account");
    List<Object> reached = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    walk(planned.factory(), Collections.newSetFromMap(new IdentityHashMap<>()), reached, texts);
    planned.partitions().forEach(p -> walk(p, Collections.newSetFromMap(new IdentityHashMap<>()), reached, texts));
    List<DelegatedToken> tokens = reached.stream().filter(DelegatedToken.class::isInstance)
        .map(DelegatedToken.class::cast).distinct().toList();
    assertThat(tokens).as("the delegated token shipped").hasSize(1);
    String accessToken = tokens.get(0).accessToken();
    List<String> secrets = List.of(accessToken, SalesforceSimulator.CLIENT_SECRET, configuredRefreshToken,
        sim.currentRefreshToken());
    String wire = new String(planned.task(0), java.nio.charset.StandardCharsets.ISO_8859_1);
    ReadContext shipped = ((TributaryReaderFactory) planned.factory()).context();

    Map<String, Object> executor = onExecutor(planned.task(0));

    assertThat(texts).hasSizeGreaterThan(20);
    for (String secret : secrets) {
      assertThat(texts).noneMatch(t -> t.contains(secret));
      assertThat(executor.get("shipped")).asList().noneMatch(t -> t.toString().contains(secret));
      assertThat(new TributaryScan(shipped).description()).doesNotContain(secret);
    }
    assertThat(wire).doesNotContain(SalesforceSimulator.CLIENT_SECRET, configuredRefreshToken, sim.currentRefreshToken());
    assertThat(shipped.options().resolved().connection().asMap())
        .doesNotContainKeys("client_secret", "refresh_token").containsKey("client_id");
    assertThat(shipped.options().resolved().connection().secretValues()).containsExactly(accessToken);
    assertThat(executor).doesNotContainKey("error");
  }

  /** Calls toString() on every object reachable from {@code o} through Tributary's own fields. */
  private static void walk(Object o, Set<Object> seen, List<Object> reached, List<String> texts) {
    if (o == null || o instanceof Class || !seen.add(o)) {
      return;
    }
    reached.add(o);
    if (!(o instanceof CharSequence || o instanceof Number || o instanceof Boolean)) {
      texts.add(String.valueOf(o));
    }
    if (o instanceof Collection<?> c) {
      c.forEach(e -> walk(e, seen, reached, texts));
    } else if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        walk(k, seen, reached, texts);
        walk(v, seen, reached, texts);
      });
    } else if (o instanceof Optional<?> opt) {
      opt.ifPresent(v -> walk(v, seen, reached, texts));
    } else if (o instanceof Object[] array) {
      for (Object e : array) {
        walk(e, seen, reached, texts);
      }
    } else if (o.getClass().getName().startsWith("io.tributary")) {
      for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
            try {
              f.setAccessible(true);
              walk(f.get(o), seen, reached, texts);
            } catch (ReflectiveOperationException | RuntimeException e) {
              throw new AssertionError("Cannot read " + f + ": " + e, e);
            }
          }
        }
      }
    }
  }
}
