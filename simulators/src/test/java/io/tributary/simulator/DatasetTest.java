package io.tributary.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static final RecordFactory RANDOM_PRIORITY =
      (id, random) -> Json.object().put("priority", 1 + random.nextInt(4));

  @Test
  void sameSeedGivesTheSameRecords() {
    Dataset a = Dataset.seeded(99, SimClock.at(Fixtures.NOW));
    Dataset b = Dataset.seeded(99, SimClock.at(Fixtures.NOW));
    a.table("t", TableLayout.standard()).seed(20, RANDOM_PRIORITY);
    b.table("t", TableLayout.standard()).seed(20, RANDOM_PRIORITY);

    assertThat(a.table("t").records()).isEqualTo(b.table("t").records());
  }

  @Test
  void seedingMakesTiesOnTheUpdatedTimestampEndingAtNow() {
    Dataset data = Dataset.seeded(1, SimClock.at(Fixtures.NOW));
    List<ObjectNode> records = data.table("t", TableLayout.standard()).seed(10, 3, Duration.ofDays(9), RANDOM_PRIORITY);

    Map<String, List<Long>> byUpdated = records.stream().collect(Collectors.groupingBy(
        r -> r.get("updated_at").asText(), java.util.TreeMap::new,
        Collectors.mapping(r -> r.get("id").asLong(), Collectors.toList())));
    assertThat(byUpdated.values()).containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L, 8L, 9L), List.of(10L));
    assertThat(records.get(9).get("updated_at").asText()).isEqualTo("2024-06-01T00:00:00Z");
    assertThat(records.get(0).get("updated_at").asText()).isEqualTo("2024-05-23T00:00:00Z");
    assertThat(records).allSatisfy(r -> assertThat(Instant.parse(r.get("created_at").asText()))
        .isBeforeOrEqualTo(Instant.parse(r.get("updated_at").asText())));
  }

  @Test
  void mutationsStampTheClockAndChangeTheGroundTruth() {
    SimClock clock = SimClock.at(Fixtures.NOW);
    Dataset data = Dataset.seeded(1, clock);
    DataTable table = data.table("t", TableLayout.standard().withDeletedFlag("deleted"));
    table.seed(5, RANDOM_PRIORITY);
    clock.advance(Duration.ofHours(2));

    ObjectNode updated = table.update(2, r -> r.put("priority", 9));
    ObjectNode inserted = table.insert((id, random) -> Json.object().put("priority", 1));
    table.softDelete(3);
    table.hardDelete(4);

    assertThat(updated.get("updated_at").asText()).isEqualTo("2024-06-01T02:00:00Z");
    assertThat(updated.get("priority").asInt()).isEqualTo(9);
    assertThat(inserted.get("id").asLong()).isEqualTo(6L);
    assertThat(inserted.get("created_at").asText()).isEqualTo("2024-06-01T02:00:00Z");
    assertThat(table.find(3).orElseThrow().get("deleted").asBoolean()).isTrue();
    assertThat(table.find(4)).isEmpty();
    assertThat(table.ids()).containsExactly(1L, 2L, 5L, 6L);
    assertThat(table.keys()).isEqualTo(Set.of(List.of("1"), List.of("2"), List.of("5"), List.of("6")));
    assertThat(table.deletedIds()).containsExactly(3L, 4L);
    assertThat(table.hardDeletedAt()).containsEntry(4L, Instant.parse("2024-06-01T02:00:00Z"));
  }

  @Test
  void epochFormatWritesNumbersAndParsingAcceptsEveryForm() {
    Dataset data = Dataset.seeded(1, SimClock.at(Fixtures.NOW));
    DataTable table = data.table("t", TableLayout.standard().withTimeFormat(TimeFormat.EPOCH_SECONDS));
    table.seed(1, RANDOM_PRIORITY);

    assertThat(table.find(1).orElseThrow().get("updated_at").asLong()).isEqualTo(Fixtures.NOW.getEpochSecond());
    assertThat(TimeFormat.ISO_MILLIS_OFFSET.write(Fixtures.NOW).asText()).isEqualTo("2024-06-01T00:00:00.000+0000");
    assertThat(TimeFormat.parse("2024-06-01T00:00:00.000+0000")).hasValue(Fixtures.NOW);
    assertThat(TimeFormat.parse("2024-06-01T02:00:00+02:00")).hasValue(Fixtures.NOW);
    assertThat(TimeFormat.parse(String.valueOf(Fixtures.NOW.getEpochSecond()))).hasValue(Fixtures.NOW);
  }

  @Test
  void clockRefusesToGoBackwardsAndSoftDeleteNeedsAFlag() {
    SimClock clock = SimClock.at(Fixtures.NOW);
    Dataset data = Dataset.seeded(1, clock);
    DataTable table = data.table("t", TableLayout.standard());
    table.seed(1, RANDOM_PRIORITY);

    assertThatThrownBy(() -> clock.set(Fixtures.NOW.minusSeconds(1)))
        .hasMessage("Cannot move the simulator clock backwards from 2024-06-01T00:00:00Z to 2024-05-31T23:59:59Z");
    assertThatThrownBy(() -> table.softDelete(1))
        .hasMessage("Cannot soft-delete from table 't': its layout has no deleted flag");
    assertThatThrownBy(() -> data.table("missing"))
        .hasMessage("Cannot find table 'missing' in the dataset; declared: [t]");
  }
}
