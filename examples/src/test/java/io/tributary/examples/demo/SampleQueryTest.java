package io.tributary.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleQueryTest {
  @Test
  void prefersOpenTicketsPerCompanyWhenFreshdeskTicketsAndCompaniesIngested() {
    SampleQuery query = SampleQuery.over(List.of("chargebee.customers", "freshdesk.companies", "freshdesk.tickets",
        "zendesk.organizations", "zendesk.tickets"));

    assertThat(query.title()).isEqualTo("open tickets per company (freshdesk)");
    assertThat(query.sql()).contains("FROM freshdesk.tickets t", "JOIN freshdesk.companies c");
  }

  @Test
  void joinsTheTablesOfTheSourcesThatRanWhenFreshdeskDidNot() {
    assertThat(SampleQuery.over(List.of("zendesk.tickets", "zendesk.organizations")).tables())
        .containsExactly("zendesk.tickets", "zendesk.organizations");
    assertThat(SampleQuery.over(List.of("freshdesk.tickets", "freshservice.tickets", "freshservice.requested_items"))
        .tables()).containsExactly("freshservice.tickets", "freshservice.requested_items");
  }

  @Test
  void countsTheRowsOfTheFirstTableWhenNoJoinHasItsTables() {
    SampleQuery query = SampleQuery.over(List.of("salesforce.Account", "salesforce.Opportunity"));

    assertThat(query.oneLine()).isEqualTo("SELECT COUNT(*) AS row_count FROM salesforce.Account");
    assertThat(SampleQuery.over(List.of()).sql()).isEqualTo("SHOW TABLES");
  }

  @Test
  void everyQueryIsShortWithOneClauseALineAndOneLineForTheShell() {
    List<List<String>> choices = List.of(
        List.of("freshdesk.tickets", "freshdesk.companies"),
        List.of("zendesk.tickets", "zendesk.organizations"),
        List.of("freshservice.tickets", "freshservice.requested_items"));
    for (List<String> tables : choices) {
      SampleQuery query = SampleQuery.over(tables);
      assertThat(query.tables()).containsExactlyElementsOf(tables);
      assertThat(query.sql().length()).as(query.sql()).isLessThan(400);
      assertThat(query.sql().lines()).hasSizeGreaterThanOrEqualTo(4)
          .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80).doesNotStartWith(" "))
          .anySatisfy(line -> assertThat(line).startsWith("SELECT "))
          .anySatisfy(line -> assertThat(line).contains("JOIN "));
      assertThat(query.oneLine()).doesNotContain("\n", "  ", "\"").isEqualTo(query.sql().replace('\n', ' '));
    }
  }
}
