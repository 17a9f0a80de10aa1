package io.tributary.source.zendesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a table to its fixed point, as the framework does, keeping every call's end offset. */
record ZendeskReads(List<ObjectNode> records, List<Offset> offsets) {

  static ZendeskReads toFixedPoint(Connector connector, String table, Offset start,
      Map<String, String> tableOptions, boolean deletes) {
    OptionValues options = new ZendeskConnectorFactory().tableOptions().validate(tableOptions);
    List<ObjectNode> records = new ArrayList<>();
    List<Offset> offsets = new ArrayList<>();
    Offset offset = start;
    for (int calls = 0; calls < 100; calls++) {
      ReadResult result = deletes ? connector.readDeletes(table, offset, options)
          : connector.read(table, offset, options);
      records.addAll(result.records());
      if (result.caughtUp(offset)) {
        return new ZendeskReads(records, offsets);
      }
      Offset.requireForward(table, offset, result.endOffset());
      offset = result.endOffset();
      offsets.add(offset);
    }
    throw new AssertionError("no fixed point for " + table + " within 100 calls");
  }

  Offset last() {
    return offsets.get(offsets.size() - 1);
  }

  List<Long> ids() {
    return records.stream().map(r -> r.get("id").asLong()).sorted().toList();
  }
}
