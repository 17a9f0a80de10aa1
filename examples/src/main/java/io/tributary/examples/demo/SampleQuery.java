package io.tributary.examples.demo;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The one query the demo runs and suggests at its end: a short join that answers a question a new
 * user would ask of the data just ingested. The first whose tables all ingested is used, so the
 * demo still ends with a query when it ran only some sources.
 *
 * @param title what the query answers, for the heading above it
 * @param tables the destination tables it reads, as {@code <schema>.<table>}
 * @param sql the query, one clause per line
 */
record SampleQuery(String title, List<String> tables, String sql) {
  SampleQuery {
    Objects.requireNonNull(title, "title");
    tables = List.copyOf(tables);
    Objects.requireNonNull(sql, "sql");
  }

  /** In order of preference. The simulators give tickets company and organization ids that exist. */
  private static final List<SampleQuery> CATALOGUE = List.of(
      new SampleQuery("open tickets per company (freshdesk)", List.of("freshdesk.tickets", "freshdesk.companies"), """
          SELECT c.name AS company, COUNT(*) AS open_tickets
          FROM freshdesk.tickets t
          JOIN freshdesk.companies c ON c.id = t.company_id
          WHERE t.status = 2 AND NOT t.spam
          GROUP BY c.name
          ORDER BY open_tickets DESC, company
          LIMIT 5"""),
      new SampleQuery("open tickets per organization (zendesk)", List.of("zendesk.tickets", "zendesk.organizations"), """
          SELECT o.name AS organization, COUNT(*) AS open_tickets
          FROM zendesk.tickets t
          JOIN zendesk.organizations o ON o.id = t.organization_id
          WHERE t.status = 'open'
          GROUP BY o.name
          ORDER BY open_tickets DESC, organization
          LIMIT 5"""),
      new SampleQuery("open tickets and their requested items per priority (freshservice)",
          List.of("freshservice.tickets", "freshservice.requested_items"), """
          SELECT t.priority, COUNT(DISTINCT t.id) AS open_tickets, COUNT(i.id) AS items
          FROM freshservice.tickets t
          LEFT JOIN freshservice.requested_items i ON i.ticket_id = t.id
          WHERE t.status = 2
          GROUP BY t.priority
          ORDER BY t.priority"""));

  /** The first query of the catalogue over {@code ingested} tables, else a row count of the first of them. */
  static SampleQuery over(List<String> ingested) {
    Set<String> available = Set.copyOf(ingested);
    return CATALOGUE.stream()
        .filter(q -> available.containsAll(q.tables()))
        .findFirst()
        .orElseGet(() -> ingested.isEmpty()
            ? new SampleQuery("the lakehouse's tables", List.of(), "SHOW TABLES")
            : new SampleQuery("rows in " + ingested.get(0), List.of(ingested.get(0)),
                "SELECT COUNT(*) AS row_count\nFROM " + ingested.get(0)));
  }

  /** The query on one line, for a shell command. */
  String oneLine() {
    return String.join(" ", sql.lines().map(String::strip).toList());
  }
}
