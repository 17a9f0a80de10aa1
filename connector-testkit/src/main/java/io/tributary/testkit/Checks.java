package io.tributary.testkit;

/** Display names of the conformance checks; tests of the kit select failures by them. */
final class Checks {
  static final String TABLES_LISTED = "tables are listed and unique";
  static final String UNKNOWN_TABLE = "every method rejects an unknown table";
  static final String SCHEMA = "schema is non-empty, has no duplicate fields and is stable";
  static final String METADATA = "metadata is stable and its keys and cursor are in the schema";
  static final String DELETES = "cdc_with_deletes table reads deletes with their keys";
  static final String OFFSETS = "offsets serialize, never move backwards and reach a fixed point";
  static final String RECORDS_FIT = "records convert to the schema with nothing rescued";
  static final String KEYS = "records have non-null keys and cursor";
  static final String RESUME = "reads resumed mid-listing in a fresh connector equal one straight read";
  static final String TIES = "records sharing a cursor value across a page boundary are all delivered";
  static final String EXPECTED = "a full read delivers the expected keys";
  static final String NON_NULL = "every column is non-null in some record";
  static final String NESTED = "every nested field is non-null in some record";
  static final String PER_PAGE = "per_page honoured";
  static final String INCREMENTAL_FILTER = "incremental filter sent: a read from the end offset re-reads only the lookback";
  static final String FAULTS = "same keys through a 429, a 503 and a connection reset";
  static final String UPDATED_BETWEEN_PAGES = "a record updated between two pages of a listing is not lost";
  static final String PARENTS = "child table covers every record its parent table keeps";
  static final String PARTITIONS = "partitions of a backfill together hold the sequential read, each key once";
  static final String FAULT_MATRIX = "fault matrix: one table through every fault, retried or failing in one bounded line";

  private Checks() {}
}
