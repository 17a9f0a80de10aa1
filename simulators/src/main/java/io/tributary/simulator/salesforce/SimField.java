package io.tributary.simulator.salesforce;

import java.util.Objects;

/**
 * One field of a simulated object, as describe reports it.
 *
 * @param name the API name, such as {@code AnnualRevenue} or {@code Region__c}
 * @param type the describe type: id, reference, string, picklist, currency, date, address, ...
 * @param custom a custom ({@code __c}) field
 * @param formula a formula field, which describe marks {@code calculated}
 */
public record SimField(String name, String type, boolean custom, boolean formula) {
  public SimField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  static SimField standard(String name, String type) {
    return new SimField(name, type, false, false);
  }

  static SimField custom(String name, String type) {
    return new SimField(name, type, true, false);
  }

  /** Compound fields: REST returns them as objects; Bulk API refuses them. */
  boolean compound() {
    return type.equals("address") || type.equals("location");
  }
}
