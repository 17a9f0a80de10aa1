package io.tributary.source.salesforce;

import java.util.List;
import java.util.Optional;

/**
 * What a read of one object may name: the table's columns split by whether the org's describe
 * reports them to the integration user. Field-level security, the org's edition and its enabled
 * features decide which fields exist for that user, and SOQL naming any other is refused
 * ({@code INVALID_FIELD}), so every query selects {@link #visible} only. The {@link #hidden}
 * columns stay in the table's static schema and are null in every record.
 *
 * @param object the object's API name
 * @param visible the columns to select, in schema order
 * @param hidden the static columns describe does not report, in schema order
 */
record SalesforceSelection(String object, List<SalesforceField> visible, List<SalesforceField> hidden) {
  SalesforceSelection {
    visible = List.copyOf(visible);
    hidden = List.copyOf(hidden);
  }

  /** The visible columns' names, for a REST select list. */
  List<String> names() {
    return visible.stream().map(SalesforceField::name).toList();
  }

  /** The remark for the run report, naming the hidden columns; empty when none is hidden. */
  Optional<String> notice() {
    if (hidden.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(object + ": fields not visible to the integration user, ingested as null: "
        + String.join(", ", hidden.stream().map(SalesforceField::name).toList()));
  }
}
