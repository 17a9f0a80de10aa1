package io.tributary.spark;

import io.tributary.api.Offset;

/**
 * Finds the fixed point of a feed whose lookback re-read spans several read calls. Such a listing
 * goes W, S1, S2, ... and back to W when nothing new arrived, so no single call returns its own
 * start offset and "caught up" never shows. An offset without a position in its state is a
 * listing boundary ({@link Offset#atListingBoundary()}); a listing that ends where it began found
 * nothing new.
 */
final class ListingTracker {
  private Offset listingStart;

  /** Call before each read from {@code from}. */
  void starting(Offset from) {
    if (from.atListingBoundary()) {
      listingStart = from;
    }
  }

  /** True when the call from {@code from} ended the listing where it began. */
  boolean returnedToListingStart(Offset from, Offset end) {
    return listingStart != null && !from.equals(end) && end.equals(listingStart);
  }
}
