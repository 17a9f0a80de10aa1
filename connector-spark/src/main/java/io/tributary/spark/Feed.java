package io.tributary.spark;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.util.ArrayList;
import java.util.List;

/** One sequence of connector reads with its own offsets: the records, or the deletes. */
enum Feed {
  RECORDS("records", ChangeType.UPSERT),
  DELETES("deletes", ChangeType.DELETE);

  private final String key;
  private final ChangeType changeType;

  Feed(String key, ChangeType changeType) {
    this.key = key;
    this.changeType = changeType;
  }

  /** The feed's key in a stream offset's JSON. */
  String key() {
    return key;
  }

  ChangeType changeType() {
    return changeType;
  }

  ReadResult read(Connector connector, String table, Offset start, OptionValues tableOptions) {
    ReadResult result = this == RECORDS
        ? connector.read(table, start, tableOptions)
        : connector.readDeletes(table, start, tableOptions);
    Offset.requireForward(table, start, result.endOffset());
    return result;
  }

  /** The feeds a read in {@code context}'s mode follows. */
  static List<Feed> of(ReadContext context) {
    List<Feed> feeds = new ArrayList<>();
    if (context.options().mode() != ReadMode.DELETES) {
      feeds.add(RECORDS);
    }
    if (context.options().mode() == ReadMode.DELETES || context.readsDeletesToo()) {
      feeds.add(DELETES);
    }
    return List.copyOf(feeds);
  }
}
