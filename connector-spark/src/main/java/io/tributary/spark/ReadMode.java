package io.tributary.spark;

import io.tributary.api.UserException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a read of the {@code tributary} source returns: the option {@code read}. */
enum ReadMode {
  /** The table's records: its schema plus {@code _rescued_data}. */
  RECORDS("records"),
  /** The keys of deleted records, from {@code readDeletes}, in the same schema. */
  DELETES("deletes"),
  /** Records, deletes and parent refreshes in one stream, with a {@code _change_type} column. */
  CHANGES("changes");

  static final String OPTION = "read";

  private final String wireName;

  ReadMode(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  static ReadMode parse(String value) {
    for (ReadMode mode : values()) {
      if (mode.wireName.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new UserException("Invalid value '" + value + "' for option 'read': must be one of "
        + Arrays.stream(values()).map(ReadMode::wireName).collect(Collectors.joining(", ")));
  }
}
