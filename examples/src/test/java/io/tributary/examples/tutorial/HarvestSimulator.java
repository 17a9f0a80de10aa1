package io.tributary.examples.tutorial;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.api.Json;
import io.tributary.simulator.AuthCheck;
import io.tributary.simulator.Dataset;
import io.tributary.simulator.Endpoint;
import io.tributary.simulator.Envelope;
import io.tributary.simulator.Paging;
import io.tributary.simulator.RateLimit;
import io.tributary.simulator.RecordFactory;
import io.tributary.simulator.SimClock;
import io.tributary.simulator.SimResponse;
import io.tributary.simulator.Simulator;
import io.tributary.simulator.Sort;
import io.tributary.simulator.TableLayout;
import java.time.Duration;
import java.util.Map;

/**
 * Harvest API v2 as its documentation describes it, declared: bearer token plus Harvest-Account-Id,
 * 100 requests per 15 seconds, lists newest first under a key named for the list, with page
 * fields and a links.next URL, filtered by updated_since.
 */
final class HarvestSimulator {
  static final String TOKEN = "tutorial-token-5a1e";
  static final String ACCOUNT = "4242";

  private HarvestSimulator() {}

  /** @param requestsPer15Seconds Harvest's documented budget is 100; tests that make thousands of calls raise it */
  static Simulator start(int timeEntries, int requestsPer15Seconds) {
    Dataset data = Dataset.seeded(7, SimClock.startingNow());
    data.table("clients", TableLayout.standard()).seed(12, (id, r) -> Json.object()
        .put("name", "Client " + id).put("is_active", r.nextBoolean()).put("address", id + " Main St").put("currency", "EUR"));
    data.table("projects", TableLayout.standard()).seed(20, (id, r) -> {
      ObjectNode p = Json.object().put("name", "Project " + id).put("code", "P" + id).put("is_active", true)
          .put("is_billable", r.nextBoolean()).put("bill_by", "Tasks").put("hourly_rate", "95.00").put("budget", "1200.50")
          .put("starts_on", "2026-01-05").put("ends_on", "2026-12-31").put("notes", "kickoff " + id);
      p.putObject("client").put("id", 1 + id % 12).put("name", "Client " + (1 + id % 12)).put("currency", "EUR");
      return p;
    });
    data.table("tasks", TableLayout.standard()).seed(8, (id, r) -> Json.object().put("name", "Task " + id)
        .put("billable_by_default", true).put("default_hourly_rate", "80.00").put("is_default", id == 1).put("is_active", true));
    data.table("users", TableLayout.standard()).seed(9, (id, r) -> Json.object().put("first_name", "Ada" + id)
        .put("last_name", "L").put("email", "u" + id + "@example.com").put("timezone", "Europe/Paris")
        .put("is_contractor", r.nextBoolean()).put("is_active", true).put("weekly_capacity", 126000).put("cost_rate", "50.00"));
    RecordFactory entry = (id, r) -> {
      ObjectNode e = Json.object().put("spent_date", "2026-11-0" + (1 + id % 9)).put("hours", (1 + r.nextInt(16)) / 2.0)
          .put("notes", "worked on " + id).put("is_locked", false).put("is_running", false).put("billable", true);
      e.putObject("user").put("id", 1 + id % 9).put("name", "Ada" + (1 + id % 9));
      e.putObject("project").put("id", 1 + id % 20).put("name", "Project " + (1 + id % 20));
      e.putObject("task").put("id", 1 + id % 8).put("name", "Task " + (1 + id % 8));
      return e;
    };
    data.table("time_entries", TableLayout.standard()).seed(timeEntries, entry);
    Simulator.Builder sim = Simulator.builder(data)
        .errors((status, code, message) -> Json.object().put("error", code).put("error_description", message).toString())
        .auth(AuthCheck.bearer(TOKEN).rejectingWith(401, "{\"error\":\"invalid_token\",\"error_description\":\"invalid token\"}")
            .and(AuthCheck.header("Harvest-Account-Id", ACCOUNT).rejectingWith(403,
                "{\"error\":\"forbidden\",\"error_description\":\"Missing or unknown Harvest-Account-Id\"}")))
        .rateLimit(RateLimit.perWindow(requestsPer15Seconds, Duration.ofSeconds(15)));
    for (String table : new String[] {"clients", "projects", "tasks", "users", "time_entries"}) {
      sim.endpoint(Endpoint.list("/v2/" + table, data.table(table)).envelope(Envelope.key(table))
          .paging(Paging.pageNumber("page", "per_page").perPage(2000, 2000).totalPages("total_pages")
              .nextPage("next_page").nextUrl("links.next"))
          .since("updated_since", "updated_at").sortBy(Sort.desc("created_at")));
    }
    sim.endpoint(Endpoint.custom("/v2/users/me", request -> SimResponse.json(200, data.table("users").records().get(0))));
    return sim.start();
  }

  static Map<String, String> connectionOptions(Simulator sim) {
    return Map.of(HarvestSource.ACCESS_TOKEN, TOKEN, HarvestSource.ACCOUNT_ID, ACCOUNT, "base_url", sim.baseUrl());
  }
}
