package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.testkit.ToyConnector.Defect;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Runs the suite against toy connectors and checks which checks pass, fail or are skipped. */
class ConformanceKitTest {
  private static final String TICKETS = "tickets/";
  private static final String AGENTS = "agents/";
  private static final String NOTES = "ticket_notes/";
  private static final String NO_FAULT_TARGET = Checks.FAULT_MATRIX + "/no fault target";

  /** Outcome per check, keyed "table/check" or "check"; the value is the failure message or "ok". */
  private static Map<String, String> run(Defect... defects) {
    return run(ticket -> true, defects);
  }

  /** {@link #run(Defect...)} with the suite declaring which tickets may have notes. */
  private static Map<String, String> run(Predicate<ObjectNode> ticketsWithNotes, Defect... defects) {
    ToyConformanceSuite.defects = Set.of(defects);
    ToyConformanceSuite.ticketsWithNotes = ticketsWithNotes;
    try {
      return SuiteOutcomes.of(ToyConformanceSuite.class);
    } finally {
      ToyConformanceSuite.defects = Set.of();
      ToyConformanceSuite.ticketsWithNotes = ticket -> true;
    }
  }

  /** {@link #run(Defect...)} with a suite that declares no simulator and no way to update records. */
  private static Map<String, String> runWithoutSimulator() {
    ToyConformanceSuite.declaresSimulator = false;
    try {
      return run();
    } finally {
      ToyConformanceSuite.declaresSimulator = true;
    }
  }

  /** The start of the failure message of {@code check} of {@code table}. */
  private static String named(String table, String check) {
    return table + " \u203a " + check + ": ";
  }

  private static List<String> failed(Map<String, String> outcomes) {
    return outcomes.entrySet().stream()
        .filter(e -> !e.getValue().equals("ok") && !e.getValue().startsWith("aborted: "))
        .map(Map.Entry::getKey).toList();
  }

  @Test
  void correctConnectorPassesEveryCheck() {
    Map<String, String> outcomes = run();

    assertThat(failed(outcomes)).isEmpty();
    assertThat(outcomes.keySet()).containsExactlyInAnyOrder(
        Checks.TABLES_LISTED, Checks.UNKNOWN_TABLE,
        TICKETS + Checks.SCHEMA, TICKETS + Checks.METADATA, TICKETS + Checks.OFFSETS, TICKETS + Checks.RECORDS_FIT,
        TICKETS + Checks.KEYS, TICKETS + Checks.NON_NULL, TICKETS + Checks.NESTED, TICKETS + Checks.RESUME,
        TICKETS + Checks.TIES, TICKETS + Checks.PER_PAGE, TICKETS + Checks.FAULTS, TICKETS + Checks.EXPECTED,
        TICKETS + Checks.DELETES, TICKETS + Checks.INCREMENTAL_FILTER, TICKETS + Checks.UPDATED_BETWEEN_PAGES,
        AGENTS + Checks.SCHEMA, AGENTS + Checks.METADATA, AGENTS + Checks.OFFSETS, AGENTS + Checks.RECORDS_FIT,
        AGENTS + Checks.KEYS, AGENTS + Checks.NON_NULL, AGENTS + Checks.NESTED, AGENTS + Checks.RESUME,
        AGENTS + Checks.TIES, AGENTS + Checks.PER_PAGE, AGENTS + Checks.FAULTS, AGENTS + Checks.EXPECTED,
        NOTES + Checks.SCHEMA, NOTES + Checks.METADATA, NOTES + Checks.OFFSETS, NOTES + Checks.RECORDS_FIT,
        NOTES + Checks.KEYS, NOTES + Checks.NON_NULL, NOTES + Checks.NESTED, NOTES + Checks.RESUME,
        NOTES + Checks.TIES, NOTES + Checks.PER_PAGE, NOTES + Checks.FAULTS, NOTES + Checks.EXPECTED,
        NOTES + Checks.PARENTS, NO_FAULT_TARGET);
    assertThat(outcomes).doesNotContainValue("aborted: " + null);
  }

  @Test
  void abortsTheChecksThatNeedASimulatorNamingTableAndCheckWhenTheSuiteDeclaresNone() {
    Map<String, String> outcomes = runWithoutSimulator();

    assertThat(outcomes)
        .containsEntry(TICKETS + Checks.PER_PAGE,
            "aborted: Cannot check table 'tickets' (per_page honoured): ToyConformanceSuite declares no simulator()")
        .containsEntry(AGENTS + Checks.FAULTS, "aborted: Cannot check table 'agents' (" + Checks.FAULTS
            + "): ToyConformanceSuite declares no simulator()")
        .containsEntry(TICKETS + Checks.INCREMENTAL_FILTER, "aborted: Cannot check table 'tickets' ("
            + Checks.INCREMENTAL_FILTER + "): ToyConformanceSuite declares no simulator()")
        .containsEntry(TICKETS + Checks.UPDATED_BETWEEN_PAGES, "aborted: Cannot check table 'tickets' ("
            + Checks.UPDATED_BETWEEN_PAGES + "): ToyConformanceSuite declares no updateBetweenPages for it");
    assertThat(failed(outcomes)).isEmpty();
  }

  @Test
  void failsAConnectorThatIgnoresPerPage() {
    Map<String, String> outcomes = run(Defect.IGNORES_PER_PAGE);

    assertThat(outcomes.get(TICKETS + Checks.PER_PAGE)).startsWith(named("tickets", Checks.PER_PAGE)
        + "Cannot accept table 'tickets' (per_page honoured): with per_page=2 the simulator listed more than 2 records")
        .contains("GET /api/tickets?");
    assertThat(outcomes.get(AGENTS + Checks.PER_PAGE)).contains("Cannot accept table 'agents' (per_page honoured)");
    assertThat(outcomes.get(TICKETS + Checks.EXPECTED)).isEqualTo("ok");
  }

  @Test
  void failsAConnectorThatNeverSendsItsSinceFilter() {
    Map<String, String> outcomes = run(Defect.NO_SINCE_FILTER);

    assertThat(outcomes.get(TICKETS + Checks.INCREMENTAL_FILTER))
        .startsWith(named("tickets", Checks.INCREMENTAL_FILTER) + "Cannot accept table 'tickets' ("
            + Checks.INCREMENTAL_FILTER + "): a read from the end offset")
        .contains("is the incremental filter sent?");
    assertThat(outcomes.get(TICKETS + Checks.EXPECTED)).isEqualTo("ok");
    assertThat(outcomes.get(TICKETS + Checks.RESUME)).isEqualTo("ok");
  }

  @Test
  void failsANestedFieldMappedFromAFieldTheApiDoesNotSend() {
    Map<String, String> outcomes = run(Defect.NESTED_FIELD_WRONG_NAME);

    assertThat(outcomes.get(TICKETS + Checks.NESTED)).startsWith(named("tickets", Checks.NESTED)
        + "Cannot accept table 'tickets' (" + Checks.NESTED + "): 1 nested fields are null in all ")
        .contains(" records: [requester.name]");
    assertThat(outcomes.get(TICKETS + Checks.NON_NULL)).isEqualTo("ok");
  }

  @Test
  void failsAnOffsetThatKeepsItsPlaceInsideAListingInMemory() {
    Map<String, String> outcomes = run(Defect.POSITION_IN_MEMORY);

    // The offset {"calls": "1"} is all a fresh connector gets: it starts the listing over, and its
    // own first offset is that same one, so the resumed read stops there.
    assertThat(outcomes.get(TICKETS + Checks.RESUME)).startsWith(named("tickets", Checks.RESUME)
        + "Cannot match the keys of table 'tickets' from records read before offset {\"version\":1,\"state\":{\"calls\":")
        .contains("plus a read resumed from it in a fresh connector");
    assertThat(outcomes.get(TICKETS + Checks.EXPECTED)).isEqualTo("ok");
  }

  @Test
  void failsAConnectorThatTakesA5xxForAnEmptyPage() {
    Map<String, String> outcomes = run(Defect.SWALLOWS_5XX);

    assertThat(outcomes.get(TICKETS + Checks.FAULTS)).startsWith(named("tickets", Checks.FAULTS)
        + "Cannot match the keys of table 'tickets' from a read through a 429, a 503 and a connection reset: ")
        .contains("missing");
    assertThat(outcomes.get(AGENTS + Checks.FAULTS)).contains("Cannot match the keys of table 'agents'");
    assertThat(outcomes.get(TICKETS + Checks.EXPECTED)).isEqualTo("ok");
  }

  @Test
  void failsAConnectorThatFollowsPageNumbersWhileATicketIsUpdatedBetweenPages() {
    Map<String, String> outcomes = run(Defect.FOLLOWS_PAGE_NUMBERS);

    assertThat(outcomes.get(TICKETS + Checks.UPDATED_BETWEEN_PAGES)).startsWith(
        named("tickets", Checks.UPDATED_BETWEEN_PAGES) + "Cannot match the keys of table 'tickets' from a read with "
            + "one page per call, records [")
        .contains("missing");
    assertThat(outcomes.get(TICKETS + Checks.EXPECTED)).isEqualTo("ok");
  }

  @Test
  void failsAChildTableThatFansOutOverTheFirstPageOfParentsOnly() {
    Map<String, String> outcomes = run(Defect.CHILD_READS_FIRST_PAGE_ONLY);

    assertThat(outcomes.get(NOTES + Checks.PARENTS)).startsWith(named("ticket_notes", Checks.PARENTS)
        + "Cannot accept child table 'ticket_notes' (" + Checks.PARENTS + "): its full read covers 5 of the 38");
  }

  @Test
  void abortsTheFaultMatrixOfASuiteThatDeclaresNoTarget() {
    assertThat(run()).containsEntry(NO_FAULT_TARGET,
        "aborted: Cannot run the fault matrix: ToyConformanceSuite declares no faultTarget()");
  }

  @Test
  void failsDuplicateTables() {
    assertThat(run(Defect.DUPLICATE_TABLES)).hasEntrySatisfying(Checks.TABLES_LISTED,
        message -> assertThat(message).contains("Found duplicate(s)").contains("tickets"));
  }

  @Test
  void failsAConnectorThatAcceptsAnUnknownTable() {
    Map<String, String> outcomes = run(Defect.ACCEPTS_UNKNOWN_TABLE);

    assertThat(outcomes.get(Checks.UNKNOWN_TABLE)).contains("schema of an unknown table")
        .doesNotContain("metadata of an unknown table");
    assertThat(failed(outcomes)).containsExactly(Checks.UNKNOWN_TABLE);
  }

  @Test
  void failsADuplicateNestedField() {
    Map<String, String> outcomes = run(Defect.NESTED_DUPLICATE_FIELD);

    assertThat(outcomes.get(TICKETS + Checks.SCHEMA)).contains("duplicate fields").contains("requester.name");
    assertThat(outcomes.get(TICKETS + Checks.OFFSETS)).isEqualTo("ok");
  }

  @Test
  void failsASchemaThatChangesBetweenCalls() {
    assertThat(run(Defect.UNSTABLE_SCHEMA).get(TICKETS + Checks.SCHEMA)).contains("asked again");
  }

  @Test
  void failsAPrimaryKeyMissingFromTheSchema() {
    Map<String, String> outcomes = run(Defect.KEY_NOT_IN_SCHEMA);

    assertThat(outcomes.get(TICKETS + Checks.METADATA)).contains("must hold its primary keys").contains("ticket_id");
    assertThat(outcomes.get(AGENTS + Checks.METADATA)).isEqualTo("ok");
  }

  @Test
  void failsARecordWithAFieldNotInTheSchema() {
    Map<String, String> outcomes = run(Defect.FIELD_NOT_IN_SCHEMA);

    assertThat(outcomes.get(TICKETS + Checks.RECORDS_FIT))
        .containsPattern("Cannot convert (\\d+) of \\1 records of table 'tickets' without rescuing values")
        .contains("surprise");
    assertThat(outcomes.get(AGENTS + Checks.RECORDS_FIT)).isEqualTo("ok");
  }

  @Test
  void failsANullCursor() {
    assertThat(run(Defect.NULL_CURSOR).get(TICKETS + Checks.KEYS))
        .contains("key or cursor values of table 'tickets' are null").contains("field 'updated_at' is null");
  }

  @Test
  void failsAColumnThatIsAlwaysNull() {
    assertThat(run(Defect.ALWAYS_NULL_COLUMN).get(TICKETS + Checks.NON_NULL)).contains("resolved_at");
  }

  @Test
  void failsACdcWithDeletesTableWithoutReadDeletes() {
    assertThat(run(Defect.MISSING_READ_DELETES).get(TICKETS + Checks.DELETES))
        .contains("Cannot accept table 'tickets': it declares cdc_with_deletes but readDeletes is not implemented");
  }

  @Test
  void failsAnOffsetThatMovesBackwards() {
    assertThat(run(Defect.BACKWARDS_OFFSET).get(TICKETS + Checks.OFFSETS))
        .contains("Cannot accept offset for table 'tickets': it moves backwards");
  }

  @Test
  void failsAConnectorThatLosesTiesAtAPageBoundary() {
    Map<String, String> outcomes = run(Defect.LOSES_TIES);

    assertThat(outcomes.get(TICKETS + Checks.TIES)).contains("Cannot match the keys of table 'tickets' from a read with small pages")
        .contains("missing");
    assertThat(outcomes.get(TICKETS + Checks.OFFSETS)).isEqualTo("ok");
  }

  @Test
  void failsAConnectorThatCannotResumeFromAnOldOffset() {
    Map<String, String> outcomes = run(Defect.RESUME_FROM_MEMORY);

    assertThat(outcomes.get(TICKETS + Checks.RESUME)).contains("Cannot match the keys of table 'tickets'")
        .contains("plus a read resumed from it");
    assertThat(outcomes.get(TICKETS + Checks.EXPECTED)).isEqualTo("ok");
  }

  @Test
  void failsAChildTableThatFansOutOverTheDefaultListOnlyWhileItsParentKeepsSpam() {
    Map<String, String> outcomes = run(Defect.CHILD_READS_DEFAULT_LIST_ONLY);

    // Spam tickets 3, 13, 23 and 33 are kept by tickets; the child read never asks about them.
    assertThat(outcomes.get(NOTES + Checks.PARENTS))
        .contains("Cannot accept child table 'ticket_notes' (" + Checks.PARENTS + ")")
        .contains("38 records parent table 'tickets' keeps")
        .contains("4 parents [[3], [13], [23], [33]]");
    assertThat(failed(outcomes)).contains(NOTES + Checks.PARENTS)
        .doesNotContain(TICKETS + Checks.EXPECTED, NOTES + Checks.RESUME, NOTES + Checks.OFFSETS);
  }

  @Test
  void parentsTheSuiteDeclaresChildlessAreNotRequired() {
    // The mechanism a source uses for parents its API never gives children (incidents have no
    // requested items); spam stands in for such parents here.
    Map<String, String> outcomes = run(ticket -> !ticket.path("spam").asBoolean(), Defect.CHILD_READS_DEFAULT_LIST_ONLY);

    assertThat(outcomes.get(NOTES + Checks.PARENTS)).isEqualTo("ok");
  }
}
