package io.tributary.source.salesforce;

import java.util.Objects;

/**
 * One field of an object, in Salesforce's own terms.
 *
 * @param name the API name, such as {@code AnnualRevenue} or {@code Region__c}
 * @param type the describe type: id, reference, string, picklist, currency, date, address, ...
 * @param pii personal data or free text, removed by {@code pii=drop}
 * @param custom a custom ({@code __c}) field
 * @param formula a formula (calculated) field, removed by {@code formula_fields=exclude}
 */
record SalesforceField(String name, String type, boolean pii, boolean custom, boolean formula) {
  SalesforceField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** Compound fields: REST returns them as objects; Bulk API refuses them. */
  boolean compound() {
    return type.equals("address") || type.equals("location");
  }
}
