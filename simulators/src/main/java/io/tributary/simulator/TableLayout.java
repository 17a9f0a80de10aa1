package io.tributary.simulator;

import java.util.Objects;

/**
 * Which fields of a {@link DataTable}'s records the simulator manages itself.
 *
 * @param idField the numeric primary key, assigned 1, 2, 3... on seed and insert
 * @param updatedField the timestamp bumped by every update; null for immutable records
 * @param createdField the creation timestamp; null when the API has none
 * @param deletedFlag the boolean set by a soft delete; null when deletes are always hard
 * @param timeFormat how the timestamps are written
 */
public record TableLayout(
    String idField, String updatedField, String createdField, String deletedFlag, TimeFormat timeFormat) {

  public TableLayout {
    Objects.requireNonNull(idField, "idField");
    Objects.requireNonNull(timeFormat, "timeFormat");
  }

  /** {@code id}, {@code updated_at}, {@code created_at}, no soft-delete flag, ISO seconds. */
  public static TableLayout standard() {
    return new TableLayout("id", "updated_at", "created_at", null, TimeFormat.ISO_SECONDS);
  }

  public TableLayout withId(String field) {
    return new TableLayout(field, updatedField, createdField, deletedFlag, timeFormat);
  }

  public TableLayout withUpdated(String field) {
    return new TableLayout(idField, field, createdField, deletedFlag, timeFormat);
  }

  public TableLayout withCreated(String field) {
    return new TableLayout(idField, updatedField, field, deletedFlag, timeFormat);
  }

  /** Soft deletes set {@code field} to true (Freshdesk's {@code deleted}). */
  public TableLayout withDeletedFlag(String field) {
    return new TableLayout(idField, updatedField, createdField, field, timeFormat);
  }

  public TableLayout withTimeFormat(TimeFormat format) {
    return new TableLayout(idField, updatedField, createdField, deletedFlag, format);
  }
}
