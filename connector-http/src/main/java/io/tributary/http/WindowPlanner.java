package io.tributary.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Splits a range of a cursor into windows for a partitioned backfill, on the driver, by how dense
 * the first page of each window shows it to be.
 *
 * <p>The range is probed with one request: the first page of a list that can bound a window (sorted
 * ascending by the cursor, or filtered on both sides). A page that holds every record of its window
 * (no next page, or a sorted page that passes the window's end) tells the window's size exactly.
 * A full page of a sorted list tells its density where the window starts: the second half of the
 * page covers the cursors from its middle record to its last, so the window holds about half a
 * page plus {@code (hi - middle) / (last - middle)} half pages (the second half, not the whole
 * page, so that a page running from sparse years into a dense hour does not average the hour away). The
 * window with the most pages is then split at the middle of its cursors (on a whole cursor unit),
 * or, when the estimate is under three pages (the page covers much of the window, so its density
 * says little about the rest), where the probe page ends:
 * the left half keeps what the parent's page says of it, the right half is probed with one request
 * (two-sided lists, whose first page is not the earliest records, probe both halves). Splitting
 * goes on until {@code maxWindows} windows, or until no window holds more than a page or can be
 * split (all its records within one cursor unit). Adjacent windows that together fit one page are
 * joined again, so the empty halves a split toward a dense run leaves cost no partition. A dense
 * hour among sparse years is thus cut finely and the sparse years stay whole. Planning costs at
 * most three requests per window.
 *
 * <p>Splits are made in rounds, whose probes are in flight together (up to {@link #concurrently}
 * at once): each round splits, densest first, every window holding more than half the pages of
 * the densest (the windows one split at a time would split before any half of the densest), as
 * many as the plan has windows left for. Eight windows take four rounds of requests, not eight
 * requests one after another.
 *
 * <p>A planner {@link #pagesPerPlan bounded} to a number of pages plans only a prefix of a range
 * too large for {@code maxWindows} windows holding that many together: windows at the front are
 * split (or peeled off the range at about that many pages, when the range holds more than the
 * windows can) until the first {@code maxWindows} hold no more than the bound by their estimates,
 * and the windows after them are left out. Each window's partition holds its records until it
 * returns them, so the bound, not the table's size, sets what a read of the plan holds; the rest of
 * the range is the next plan's. The estimates come from one page each, so a window whose records
 * grow denser after its probe page may hold more.
 *
 * <p>The split depends on the data at planning time, but only the windows' union is a promise:
 * every window is read completely, so any split of the same range reads the same records.
 */
public final class WindowPlanner {
  /** A window estimated under this many pages is split where its probe page ends. */
  private static final double PEEL_BELOW = 3;
  /** Planning stops after this many requests per window planned. */
  private static final int PROBES_PER_WINDOW = 3;
  private final Function<ObjectNode, Optional<Instant>> cursor;
  private final Duration resolution;
  private final int pageSize;
  private final int maxWindows;
  private final double pagesPerWindow;
  private final int inFlight;
  private int requests;

  private WindowPlanner(Function<ObjectNode, Optional<Instant>> cursor, Duration resolution, int pageSize, int maxWindows,
      double pagesPerWindow, int inFlight) {
    this.cursor = Objects.requireNonNull(cursor, "cursor");
    this.resolution = Objects.requireNonNull(resolution, "resolution");
    if (pageSize < 1 || maxWindows < 1) {
      throw new IllegalArgumentException("pageSize and maxWindows must be at least 1: " + pageSize + ", " + maxWindows);
    }
    this.pageSize = pageSize;
    this.maxWindows = maxWindows;
    this.pagesPerWindow = pagesPerWindow;
    this.inFlight = inFlight;
  }

  /**
   * A planner for lists whose records carry {@code cursor} at {@code resolution}, asking {@code
   * pageSize} records a page, into at most {@code maxWindows} windows.
   */
  public static WindowPlanner of(Function<ObjectNode, Optional<Instant>> cursor, Duration resolution, int pageSize,
      int maxWindows) {
    return new WindowPlanner(cursor, resolution, pageSize, maxWindows, Double.POSITIVE_INFINITY, 1);
  }

  /**
   * This planner bounded to about {@code pages} pages in all, {@code pages ÷ maxWindows} (at least
   * one) per window: {@link #split} may then plan only a prefix of its range.
   */
  public WindowPlanner pagesPerPlan(int pages) {
    if (pages < 1) {
      throw new IllegalArgumentException("pages must be at least 1: " + pages);
    }
    return new WindowPlanner(cursor, resolution, pageSize, maxWindows, Math.max(1.0, (double) pages / maxWindows),
        inFlight);
  }

  /**
   * This planner bounded to about {@code pages} pages per window: a plan of {@code maxWindows}
   * windows then reads about {@code maxWindows × pages} pages, and {@link #split} may plan only a
   * prefix of its range.
   */
  public WindowPlanner pagesPerWindow(int pages) {
    if (pages < 1) {
      throw new IllegalArgumentException("pages must be at least 1: " + pages);
    }
    return new WindowPlanner(cursor, resolution, pageSize, maxWindows, pages, inFlight);
  }

  /**
   * This planner with up to {@code requests} probes of a round in flight at once (one, the default,
   * probes one after another): the list's fetcher must then take calls from several threads. Each
   * probe still goes through the connection's client and its limiter.
   */
  public WindowPlanner concurrently(int requests) {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1: " + requests);
    }
    return new WindowPlanner(cursor, resolution, pageSize, maxWindows, pagesPerWindow, requests);
  }

  /**
   * The windows, in order, that together make up {@code range}, or, for a planner bounded in pages
   * per window, a prefix of it from {@code range.lo()}: the plan then ends at its last window's
   * upper bound. One window when the range holds at most a page or cannot be split.
   *
   * @param list sorted ascending by the cursor ({@link PageFetcher#sortedByCursor()}) or two-sided
   *     ({@link PageFetcher#windowed}); its first pages are the probes
   */
  public List<CursorWindow> split(CursorWindow range, PageFetcher list) {
    boolean sorted = list.sortedByCursor();
    requests++;
    List<Probe> windows = new ArrayList<>(List.of(probe(range, list)));
    // Empty or light windows a split leaves are joined again, so they cost no partition; the
    // requests are bounded apart from that.
    while (requests < PROBES_PER_WINDOW * maxWindows) {
      List<Probe> parents = nextRound(windows, sorted ? 1 : 2);
      if (parents.isEmpty()) {
        break;
      }
      boolean overflowing = overflowing(windows);
      List<CursorWindow> probes = new ArrayList<>();
      List<Instant> middles = new ArrayList<>();
      for (Probe parent : parents) {
        long parts = parts(parent, windows);
        Instant middle = parent.peelAt(overflowing).or(() -> parent.splitAt(parts)).or(parent::splitAt).get();
        middles.add(middle);
        if (!sorted) {
          probes.add(new CursorWindow(parent.window.lo(), middle));
        }
        probes.add(new CursorWindow(middle, parent.window.hi()));
      }
      requests += probes.size();
      Iterator<Probe> probed = ParallelCalls.inOrder(probes, inFlight, window -> probe(window, list)).iterator();
      for (int i = 0; i < parents.size(); i++) {
        Probe parent = parents.get(i);
        Instant middle = middles.get(i);
        CursorWindow left = new CursorWindow(parent.window.lo(), middle);
        int at = windows.indexOf(parent);
        windows.set(at, sorted
            ? new Probe(left, parent.cursors, parent.complete || parent.cursors.stream().anyMatch(c -> !c.isBefore(middle)), true)
            : probed.next());
        windows.add(at + 1, probed.next());
      }
    }
    List<Probe> joined = joined(windows);
    return joined.subList(0, Math.min(maxWindows, joined.size())).stream().map(p -> p.window).toList();
  }

  /**
   * The windows to split in the next round, densest first, splits costing {@code cost} requests
   * each: while there are fewer than {@code maxWindows}, those of more than a page and more than half
   * the densest's pages, at most as many as windows are left to plan and requests to spend; then,
   * for a bounded planner, one at a time ({@link #next}).
   */
  private List<Probe> nextRound(List<Probe> windows, int cost) {
    int room = maxWindows - joined(windows).size();
    if (room <= 0) {
      return next(windows).map(List::of).orElse(List.of());
    }
    List<Probe> candidates = windows.stream().filter(p -> p.pages() > 1 && p.splitAt().isPresent())
        .sorted(Comparator.comparingDouble(Probe::pages).reversed()).toList();
    if (candidates.isEmpty()) {
      return List.of();
    }
    double half = candidates.get(0).pages() / 2;
    int affordable = Math.max(1, (PROBES_PER_WINDOW * maxWindows - requests) / cost);
    return candidates.stream().filter(p -> p == candidates.get(0) || p.pages() > half)
        .limit(Math.min(room, affordable)).toList();
  }

  /**
   * The window to split next once the plan has {@code maxWindows}, for a bounded planner: the
   * densest over the bound among those the plan's first {@code maxWindows} windows cover.
   */
  private Optional<Probe> next(List<Probe> windows) {
    Instant planEnd = joined(windows).get(maxWindows - 1).window.hi();
    return densest(windows.stream().filter(p -> !p.window.hi().isAfter(planEnd)).toList(), pagesPerWindow);
  }

  private static Optional<Probe> densest(List<Probe> windows, double over) {
    return windows.stream().filter(p -> p.pages() > over && p.splitAt().isPresent())
        .max(Comparator.comparingDouble(Probe::pages));
  }

  /**
   * How many of the plan's average windows (all windows' estimated pages ÷ {@code maxWindows})
   * {@code parent} holds, at least two: it is cut {@code ⌊k/2⌋/k} of the way through its cursors,
   * the middle for an even {@code k}. Halving alone makes seven windows of an even range six of an
   * eighth and one of a quarter, and that quarter is read alone at the end; cut at 3/7, then in
   * halves and thirds, they come out alike.
   */
  private long parts(Probe parent, List<Probe> windows) {
    double average = windows.stream().mapToDouble(Probe::pages).sum() / maxWindows;
    return Math.max(2, Math.round(parent.pages() / average));
  }

  /** Whether the windows hold more pages than {@code maxWindows} windows within the bound can. */
  private boolean overflowing(List<Probe> windows) {
    return windows.stream().mapToDouble(Probe::pages).sum() > maxWindows * pagesPerWindow;
  }

  /** The requests the planning made. */
  public int requests() {
    return requests;
  }

  private Probe probe(CursorWindow window, PageFetcher list) {
    // From one unit below, as the window's read does: an exclusive filter still lists the bound.
    Page page = list.fetch(window.lo().minus(resolution), window.hi().minus(resolution), Optional.empty());
    List<Instant> cursors = page.records().stream().map(cursor).flatMap(Optional::stream).toList();
    boolean sorted = list.sortedByCursor();
    boolean complete = page.next().isEmpty() || (sorted && cursors.stream().anyMatch(c -> !c.isBefore(window.hi())));
    return new Probe(window, cursors, complete, sorted);
  }

  /** Adjacent windows whose records are all known and together fit one page, and empty windows, joined. */
  private List<Probe> joined(List<Probe> windows) {
    List<Probe> result = new ArrayList<>();
    for (Probe next : windows) {
      Probe last = result.isEmpty() ? null : result.get(result.size() - 1);
      if (last != null && next.complete && next.inWindow() == 0) {
        // An empty window joins the one before it, whatever that holds.
        result.set(result.size() - 1, new Probe(new CursorWindow(last.window.lo(), next.window.hi()), last.cursors, last.complete, last.sorted));
      } else if (last != null && last.complete && next.complete && last.inWindow() + next.inWindow() <= pageSize) {
        List<Instant> cursors = new ArrayList<>(last.cursors);
        cursors.addAll(next.cursors);
        result.set(result.size() - 1, new Probe(new CursorWindow(last.window.lo(), next.window.hi()), cursors, true, last.sorted));
      } else {
        result.add(next);
      }
    }
    return result;
  }

  /**
   * A probe page's records in its window from the middle one on: {@code before} records come
   * before {@code middle}, and from it on there are {@code perNano} records a nanosecond.
   */
  private record SecondHalf(int before, Instant middle, double perNano) {}

  /** A window and what the first page of its list showed. */
  private final class Probe {
    final CursorWindow window;
    final List<Instant> cursors;
    final boolean complete;
    final boolean sorted;

    Probe(CursorWindow window, List<Instant> cursors, boolean complete, boolean sorted) {
      this.window = window;
      this.cursors = cursors;
      this.complete = complete;
      this.sorted = sorted;
    }

    long inWindow() {
      return cursors.stream().filter(window::contains).count();
    }

    /**
     * About how many pages the window holds: exact when the page held them all; from the page's
     * density for a sorted list; more than one, larger for a longer window, when unknown.
     */
    double pages() {
      if (complete) {
        return (double) inWindow() / pageSize;
      }
      Optional<Instant> first = first();
      if (!sorted || first.isEmpty()) {
        return 1 + 1.0 / (1 + Duration.between(window.lo(), window.hi()).toSeconds());
      }
      SecondHalf half = secondHalf();
      double rest = Duration.between(half.middle(), window.hi()).toNanos();
      return Math.max(1 + 1e-9, (half.before() + half.perNano() * rest) / pageSize);
    }

    /**
     * The density of the second half of the page's records in the window (a sorted page with
     * some): a page that runs from sparse years into a dense hour would otherwise average the hour
     * away.
     */
    private SecondHalf secondHalf() {
      List<Instant> in = cursors.stream().filter(window::contains).sorted().toList();
      Instant middle = in.get(in.size() / 2);
      double covered = Duration.between(middle, in.get(in.size() - 1)).plus(resolution).toNanos();
      return new SecondHalf(in.size() / 2, middle, (in.size() - in.size() / 2) / covered);
    }

    private Optional<Instant> first() {
      return cursors.stream().filter(window::contains).min(Comparator.naturalOrder());
    }

    /**
     * Where a window about {@code pagesPerWindow} pages long ends at the front of this one, by the
     * density of its probe page's second half, when the planner cannot plan the whole range
     * ({@code overflowing}) and this window holds more than two such windows; else empty.
     */
    Optional<Instant> peelAt(boolean overflowing) {
      if (!overflowing || !sorted || complete || pages() <= 2 * pagesPerWindow) {
        return Optional.empty();
      }
      SecondHalf half = secondHalf();
      double rest = (pagesPerWindow * pageSize - half.before()) / half.perNano();
      Instant at = floor(half.middle().plusNanos((long) Math.min(rest, Duration.between(half.middle(), window.hi()).toNanos())));
      return at.isAfter(window.lo()) && at.isBefore(window.hi()) ? Optional.of(at) : Optional.empty();
    }

    /**
     * The middle of the window's cursors, on a whole unit: from its first record (a backfill from
     * the epoch does not halve the empty decades before it) to its end; empty when it would leave
     * a side empty.
     */
    Optional<Instant> splitAt() {
      return splitAt(2);
    }

    /** As {@link #splitAt()}, but {@code ⌊parts/2⌋/parts} of the way from the first record. */
    Optional<Instant> splitAt(long parts) {
      if (sorted && !complete && pages() < PEEL_BELOW) {
        // The page covers much of the window, so its density says little about the rest, which
        // may hold a dense run that starts right after the page: split where the page ends, so
        // the left part is known (at most a page) and the right part is probed from its start.
        Optional<Instant> end = cursors.stream().filter(window::contains).max(Comparator.naturalOrder()).map(this::floor)
            .filter(e -> e.isAfter(window.lo()) && e.isBefore(window.hi()));
        if (end.isPresent()) {
          return end;
        }
      }
      Instant from = sorted ? first().map(this::floor).filter(f -> f.isAfter(window.lo())).orElse(window.lo()) : window.lo();
      Instant middle = floor(from.plus(Duration.between(from, window.hi()).dividedBy(parts).multipliedBy(parts / 2)));
      return middle.isAfter(window.lo()) && middle.isBefore(window.hi()) ? Optional.of(middle) : Optional.empty();
    }

    private Instant floor(Instant value) {
      long unit = resolution.toNanos();
      long nanos = value.getEpochSecond() * 1_000_000_000L + value.getNano();
      return Instant.ofEpochSecond(0, Math.floorDiv(nanos, unit) * unit);
    }
  }
}
