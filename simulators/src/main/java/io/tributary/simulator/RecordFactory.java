package io.tributary.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/**
 * Makes the source-specific fields of one record. The simulator sets the fields named by the
 * table's {@link TableLayout} (id, timestamps, deleted flag) itself, after this returns.
 */
@FunctionalInterface
public interface RecordFactory {
  /**
   * @param id the id the record will get
   * @param random the dataset's seeded random; draw from it only, so data is reproducible
   */
  ObjectNode create(long id, Random random);
}
