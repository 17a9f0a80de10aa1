package io.tributary.source.chargebee;

import io.tributary.api.TableMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The declaration of one table: where its records come from and how they are ingested.
 *
 * @param name the table name
 * @param path the list endpoint under /api/v2; for a fan-out table it holds {@code {id}}, the
 *     parent's id
 * @param entity the key each list element wraps the record in, such as {@code credit_note}
 * @param metadata keys, cursor, ingestion type and, for nested lists, the parent
 * @param catalog the Product Catalog the table exists in; empty when it exists in both
 * @param deletes where the table's deletes come from
 * @param source how records are produced
 */
record ChargebeeTable(
    String name,
    String path,
    String entity,
    TableMetadata metadata,
    Optional<ChargebeeCatalog> catalog,
    Deletes deletes,
    Source source) {

  ChargebeeTable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(deletes, "deletes");
    Objects.requireNonNull(source, "source");
  }

  /** The cursor column, which is also the field incremental listings filter and sort on. */
  Optional<String> cursor() {
    return metadata.cursorField();
  }

  boolean existsIn(ChargebeeCatalog site) {
    return catalog.isEmpty() || catalog.get() == site;
  }

  /**
   * Where deletes come from.
   *
   * @param includeDeleted the list endpoint takes {@code include_deleted=true} and flags deleted
   *     records with {@code deleted: true}
   * @param eventTypes the {@code /events} types that announce a delete, when the endpoint cannot
   *     list deleted records
   */
  record Deletes(boolean includeDeleted, List<String> eventTypes) {
    static final Deletes NONE = new Deletes(false, List.of());
    static final Deletes FLAGGED = new Deletes(true, List.of());

    Deletes {
      eventTypes = List.copyOf(eventTypes);
    }

    static Deletes fromEvents(String... types) {
      return new Deletes(false, List.of(types));
    }

    boolean reported() {
      return includeDeleted || !eventTypes.isEmpty();
    }
  }

  /** How a table's records are produced. */
  sealed interface Source {}

  /** Records are the elements of the table's own list endpoint. */
  record Listing() implements Source {}

  /**
   * Records are a nested list of each parent record, read from the parent's listing with no
   * extra request.
   *
   * @param parent the parent table
   * @param field the parent's list field, such as {@code line_items}
   * @param parentKeyColumn the child column that receives the parent's id
   * @param itemKey the element's own id field, or empty to key elements by their position
   */
  record Nested(String parent, String field, String parentKeyColumn, Optional<String> itemKey)
      implements Source {}

  /**
   * Records come from one request per parent record, such as a customer's contacts.
   *
   * @param parent the parent table, read as a listing
   * @param parentKeyColumn the child column that receives the parent's id, when the API does not
   *     return it
   */
  record FanOut(String parent, Optional<String> parentKeyColumn) implements Source {}
}
