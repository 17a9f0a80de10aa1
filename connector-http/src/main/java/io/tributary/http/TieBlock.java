package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Offset;
import io.tributary.api.UserException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A block of records tied within one cursor unit and longer than a page, in a list sorted by its
 * cursor. Re-querying from the tie cannot move past it, so the block is read by the provider's next
 * pages; a record of the block updated between two of those requests moves to the list's end and
 * shifts a record not yet read onto a page already read. So the block is read pass after pass,
 * until two passes read the same records. Records only ever leave the block (an update stamps them
 * later), and a record that left during a pass was read in it and is missing from the next, so
 * equal passes mean no record left during the first of them: that pass skipped nothing.
 *
 * @param top the block's highest cursor: records at or below it, from the query's bound, belong to it
 * @param pass what this pass has read of the block so far
 * @param last what the previous pass read; empty in the first
 */
record TieBlock(Instant top, Fingerprint pass, Optional<Fingerprint> last) {

  static TieBlock starting(Instant top) {
    return new TieBlock(top, Fingerprint.EMPTY, Optional.empty());
  }

  /** True once this pass read what the previous one did. */
  boolean settled() {
    return last.isPresent() && last.get().equals(pass);
  }

  TieBlock add(ObjectNode record) {
    return new TieBlock(top, pass.add(record), last);
  }

  TieBlock nextPass() {
    return new TieBlock(top, Fingerprint.EMPTY, Optional.of(pass));
  }

  void write(Map<String, String> state) {
    state.put(OffsetKey.TIE_TOP.key(), top.toString());
    state.put(OffsetKey.TIE_PASS.key(), pass.toString());
    last.ifPresent(l -> state.put(OffsetKey.TIE_LAST.key(), l.toString()));
  }

  static Optional<TieBlock> resume(Offset offset) {
    if (OffsetKey.TIE_TOP.in(offset).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TieBlock(Instant.parse(OffsetKey.TIE_TOP.in(offset).get()),
        Fingerprint.parse(offset, OffsetKey.TIE_PASS.in(offset).orElse("0:0")), OffsetKey.TIE_LAST.in(offset).map(l -> Fingerprint.parse(offset, l))));
  }

  /**
   * The records a pass read, as a count and an order-independent hash of their JSON: a record of
   * the block is unchanged while it stays in it, so its text identifies it.
   */
  record Fingerprint(long count, long hash) {
    static final Fingerprint EMPTY = new Fingerprint(0, 0);

    Fingerprint add(ObjectNode record) {
      return new Fingerprint(count + 1, hash ^ mix(record.toString()));
    }

    static Fingerprint parse(Offset offset, String text) {
      try {
        int colon = text.indexOf(':');
        return new Fingerprint(Long.parseLong(text.substring(0, colon)), Long.parseUnsignedLong(text.substring(colon + 1), 16));
      } catch (RuntimeException e) {
        throw new UserException("Cannot resume from offset " + offset.toJson() + ": its tie state '" + text
            + "' is not one an incremental listing wrote");
      }
    }

    @Override
    public String toString() {
      return count + ":" + Long.toHexString(hash);
    }

    /** 64-bit FNV-1a, then a finalizer, so that XOR of many is still well spread. */
    private static long mix(String text) {
      long h = 0xcbf29ce484222325L;
      for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
        h ^= b;
        h *= 0x100000001b3L;
      }
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      return h;
    }
  }
}
