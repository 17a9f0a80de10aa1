package io.tributary.benchmarks;

import io.tributary.simulator.Simulator;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import io.tributary.simulator.freshdesk.FreshdeskSimulator;
import io.tributary.simulator.freshservice.FreshserviceSimulator;
import io.tributary.simulator.salesforce.SalesforceSimulator;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.zendesk.ZendeskSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One source's simulator, started with a dataset big enough that pages matter, and what P1 needs
 * to know of the vendor: the table options a user sets for the largest pages, and the vendor's
 * largest page per list, which the minimum is counted in.
 */
record SourceRig(String source, Simulator server, Map<String, String> connectionOptions, AutoCloseable owner,
    PageRule pages) implements AutoCloseable {

  /** The vendor's page rules: the table options asking for its largest pages, and that size per list. */
  interface PageRule {
    Map<String, String> tableOptions(String table);

    /** The most records one request of the list at {@code path} can return. */
    int maxPage(String path);
  }

  static final List<String> SOURCES = List.of("freshservice", "freshdesk", "zendesk", "salesforce", "chargebee");

  /** Zendesk's incremental export tables: the only ones whose list accepts 1,000 per page. */
  private static final Set<String> ZENDESK_EXPORTS =
      Set.of("tickets", "users", "organizations", "ticket_comments", "ticket_metric_events");

  /**
   * Starts {@code source}'s simulator; {@code scale} 1 seeds a few pages per list, 10 a few dozen.
   */
  static SourceRig start(String source, int scale) {
    int n = Math.max(1, scale);
    return switch (source) {
      case "freshservice" -> {
        FreshserviceSimulator sim = FreshserviceSimulator.start(FreshserviceSimulator.Config.defaults().tickets(300 * n));
        yield new SourceRig(source, sim.server(), sim.connectionOptions(), sim, uniform("per_page", 100));
      }
      case "freshdesk" -> {
        FreshdeskSimulator sim = FreshdeskSimulator.start(300 * n, SimClock.at(FreshdeskSimulator.NOW));
        yield new SourceRig(source, sim.server(), sim.connectionOptions(), sim, uniform("per_page", 100));
      }
      case "zendesk" -> {
        ZendeskSimulator.Config d = ZendeskSimulator.Config.defaults();
        ZendeskSimulator sim = ZendeskSimulator.start(new ZendeskSimulator.Config(d.seed(), 300 * n, d.exportLimit(),
            d.exportWindow(), d.emptyPageBeforeEnd(), d.oauth(), d.clock(), d.withheld(), d.countCachedAbove()));
        yield new SourceRig(source, sim.simulator(), sim.connectionOptions(), sim, new PageRule() {
          @Override
          public Map<String, String> tableOptions(String table) {
            return Map.of("per_page", ZENDESK_EXPORTS.contains(table) ? "1000" : "100");
          }

          @Override
          public int maxPage(String path) {
            return path.startsWith("/api/v2/incremental/") ? 1000 : 100;
          }
        });
      }
      case "salesforce" -> {
        SalesforceSimulator sim = SalesforceSimulator.start(2024, 300 * n);
        yield new SourceRig(source, sim.simulator(), sim.connectionOptions(), sim, new PageRule() {
          @Override
          public Map<String, String> tableOptions(String table) {
            return Map.of("batch_size", "2000");
          }

          @Override
          public int maxPage(String path) {
            // SOQL query pages hold at most 2,000 records; a Bulk API 2.0 result page as many as asked.
            return path.contains("/jobs/query/") ? Integer.MAX_VALUE : 2000;
          }
        });
      }
      case "chargebee" -> {
        ChargebeeSimulator sim = ChargebeeSimulator.start(ProductCatalog.V2, 7, 3 * n,
            Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        yield new SourceRig(source, sim.server(), sim.connectionOptions(), sim, uniform("per_page", 100));
      }
      default -> throw new IllegalArgumentException("Cannot start a simulator for source '" + source + "'; known: "
          + SOURCES);
    };
  }

  private static PageRule uniform(String option, int max) {
    return new PageRule() {
      @Override
      public Map<String, String> tableOptions(String table) {
        return Map.of(option, String.valueOf(max));
      }

      @Override
      public int maxPage(String path) {
        return max;
      }
    };
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the " + source + " simulator", e);
    }
  }
}
