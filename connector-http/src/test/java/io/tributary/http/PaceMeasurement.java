package io.tributary.http;

import io.tributary.api.Connector;
import io.tributary.api.Offset;
import io.tributary.api.ReadResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 15's P3 at full size, against 300 ms answers and 700 requests a minute: backfill wall time
 * over requests / budget. Minutes long, so run on demand only:
 * {@code mvn -B -o -pl connector-http -am test -Dtest=PaceMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dtributary.measure=true}.
 * Prints its figures and asserts nothing about them: the tests of what is measured are
 * ConcurrentFanOutTest and PrefetchTest.
 */
@EnabledIfSystemProperty(named = "tributary.measure", matches = "true")
class PaceMeasurement {
  private static final Duration LATENCY = Duration.ofMillis(300);
  private static final int BUDGET = 700;
  private static final Duration SPARK_WORK = Duration.ofMillis(300);

  /** A 20,000-record table, one page per call and 300 ms of work on each batch. */
  @Test
  void aTwentyThousandRecordListing() throws InterruptedException {
    try (LatencyHelpdesk helpdesk = new LatencyHelpdesk(20_000, LATENCY);
        Connector c = helpdesk.connect(BUDGET, 8)) {
      long started = System.nanoTime();
      Offset offset = Offset.START;
      int records = 0;
      while (true) {
        ReadResult r = c.read("tickets", offset, LatencyHelpdesk.tableOptions(100, 1));
        records += r.records().size();
        if (r.caughtUp(offset)) {
          break;
        }
        Thread.sleep(SPARK_WORK.toMillis());
        offset = Offset.fromJson(r.endOffset().toJson());
      }
      print("listing of " + records + " records", helpdesk, started);
    }
  }

  /** A child table of 5,000 parents, 100 parents a page. */
  @Test
  void aFiveThousandParentFanOut() {
    try (LatencyHelpdesk helpdesk = new LatencyHelpdesk(5_000, LATENCY);
        Connector c = helpdesk.connect(BUDGET, 8)) {
      long started = System.nanoTime();
      int records = LatencyHelpdesk.records(LatencyHelpdesk.readAll(c, "notes", LatencyHelpdesk.tableOptions(100, 50))).size();
      print("fan-out to " + records + " children", helpdesk, started);
    }
  }

  private static void print(String what, LatencyHelpdesk helpdesk, long started) {
    double wall = (System.nanoTime() - started) / 1e9;
    int requests = helpdesk.sim.requests().size();
    double floor = requests / (BUDGET / 60.0);
    System.out.printf("P3 %s: %d requests in %.2f s, budget floor %.2f s, ratio %.3f%n", what, requests, wall, floor, wall / floor);
  }
}
