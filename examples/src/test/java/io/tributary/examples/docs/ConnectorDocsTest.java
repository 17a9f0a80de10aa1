package io.tributary.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.api.ConnectorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorDocsTest {
  /** Surefire runs in the module directory; the pages live in the reactor root's docs/. */
  private static final Path PAGES = Path.of("").toAbsolutePath().getParent().resolve("docs/connectors");
  private static final Path FAKE_PAGE = Path.of("src/test/resources/docs/fake.md");

  @TempDir Path temp;

  @Test
  void everyRegisteredConnectorHasAPageWhoseGeneratedBlocksAreCurrent() {
    List<ConnectorFactory> factories = ConnectorDocs.factories();
    assertThat(factories).extracting(ConnectorFactory::name).contains("freshservice");

    List<String> problems = ConnectorDocs.check(PAGES, factories);

    assertThat(problems)
        .as("connector pages out of step with the code; regenerate with: " + ConnectorDocs.REGENERATE)
        .isEmpty();
  }

  @Test
  void rendersOptionsAndTablesFromTheDefinitions() throws IOException {
    Path page = Files.copy(FAKE_PAGE, temp.resolve("fake.md"));

    assertThat(ConnectorDocs.check(temp, List.of(new FakeDocsFactory("Records per page.")))).isEmpty();
    assertThat(ConnectorDocs.write(temp, List.of(new FakeDocsFactory("Records per page.")))).isEmpty();
    assertThat(page).hasSameTextualContentAs(FAKE_PAGE);
  }

  @Test
  void checkFailsNamingThePageAndTheCommandWhenADefinitionChanged() throws IOException {
    Files.copy(FAKE_PAGE, temp.resolve("fake.md"));

    List<String> problems = ConnectorDocs.check(temp, List.of(new FakeDocsFactory("Records per request.")));

    assertThat(problems).containsExactly(temp.resolve("fake.md")
        + ": the generated 'options' block is out of date with connector 'fake'; regenerate it with: "
        + "mvn -B -DskipTests install && bin/tributary docs --write");
  }

  @Test
  void writeRegeneratesOnlyTheBlocksAndKeepsTheProse() throws IOException {
    Path page = Files.copy(FAKE_PAGE, temp.resolve("fake.md"));

    assertThat(ConnectorDocs.write(temp, List.of(new FakeDocsFactory("Records per request.")))).containsExactly(page);

    String expected = Files.readString(FAKE_PAGE).replace(
        "| `per_page` | integer | `30` | 1 to 100 |  |  | Records per page. |",
        "| `per_page` | integer | `30` | 1 to 100 |  |  | Records per request. |");
    assertThat(page).hasContent(expected);
    assertThat(ConnectorDocs.check(temp, List.of(new FakeDocsFactory("Records per request.")))).isEmpty();
  }

  @Test
  void aConnectorWithoutAPageFailsTheCheck() {
    assertThat(ConnectorDocs.check(temp, List.of(new FakeDocsFactory("x"))))
        .containsExactly("Connector 'fake' has no page " + temp.resolve("fake.md")
            + "; create it (prose plus generated blocks) with: " + ConnectorDocs.REGENERATE);
  }
}
