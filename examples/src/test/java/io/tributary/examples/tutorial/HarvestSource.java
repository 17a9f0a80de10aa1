package io.tributary.examples.tutorial;

import io.tributary.api.CommonOptions;
import io.tributary.api.OptionDef;
import io.tributary.api.OptionSet;
import io.tributary.api.TableMetadata;
import io.tributary.http.Auth;
import io.tributary.http.HttpSettings;
import io.tributary.http.TokenSource;
import io.tributary.http.rest.Pager;
import io.tributary.http.rest.RestConnectorFactory;
import io.tributary.http.rest.RestSource;
import io.tributary.http.rest.RestTable;
import java.time.Duration;
import org.apache.spark.sql.types.StructType;

/**
 * The tutorial's source, Harvest API v2 (time tracking), written as declarations only: the walk
 * through docs/writing-a-connector.md. It is a test fixture, compiled and tested in the build, not
 * a product source: it is not registered and not shipped.
 */
final class HarvestSource {
  static final String ACCESS_TOKEN = "access_token";
  static final String ACCOUNT_ID = "account_id";
  static final String REQUESTS_PER_15_SECONDS = "requests_per_15_seconds";

  // 1. Options, declared once: validation, redaction and the docs page read these.
  static final OptionSet CONNECTION = OptionSet.of(
      OptionDef.string(ACCESS_TOKEN).secret().required()
          .doc("A personal access token (id.getharvest.com > Developers). Sent as a bearer token. Never logged."),
      OptionDef.string(ACCOUNT_ID).required().matching("[0-9]+", "the numeric account id")
          .doc("The Harvest account to read, sent in the Harvest-Account-Id header."),
      OptionDef.integer(REQUESTS_PER_15_SECONDS, 1, 100_000).withDefault("100")
          .doc("Harvest allows 100 requests per 15 seconds per token; lower it to leave room for other tools."),
      CommonOptions.BASE);

  static final OptionSet TABLE = CommonOptions.tableOptions(2000, 2000).plus(CommonOptions.pii("docs/writing-a-connector.md"));

  // 2. The source: one fixed host (base_url replaces it, for a simulator or a proxy), bearer auth,
  //    an extra header, a budget over 15 seconds, and how lists page.
  static final RestSource SOURCE = RestSource.builder("harvest", "Harvest time tracking (API v2), the tutorial source")
      .options(CONNECTION, TABLE)
      .client(connection -> HttpSettings.builder("harvest",
              connection.optional(CommonOptions.BASE_URL).orElse("https://api.harvestapp.com"))
          .auth(Auth.bearer(TokenSource.fixed(connection.string(ACCESS_TOKEN))))
          .credentialOption(ACCESS_TOKEN)
          .secrets(connection.secretValues())
          .header("Harvest-Account-Id", connection.string(ACCOUNT_ID))
          .header("User-Agent", "Tributary tutorial (tributary@example.com)")
          .requestsPer(connection.integer(REQUESTS_PER_15_SECONDS), Duration.ofSeconds(15))
          .build())
      // Harvest pages by a cursor hidden in links.next; next_page is null between the first and
      // last pages of a cursor-paged list, so only links.next is trusted.
      .pager(Pager.nextUrlAt("/links/next"))
      .check("Harvest", "/v2/users/me", (probe, connection, me) -> "Harvest account " + connection.string(ACCOUNT_ID)
          + " at " + probe.host() + ": authenticated as user " + me.path("id").asText("<no id>"))
      // 3. Tables: a path, where the records sit, the incremental filter. Harvest lists newest
      //    first, so the lists are not declared sorted by the cursor: the cursor links are followed.
      .table(incremental("clients", HarvestSchemas.CLIENTS))
      .table(incremental("projects", HarvestSchemas.PROJECTS))
      .table(incremental("tasks", HarvestSchemas.TASKS))
      .table(incremental("users", HarvestSchemas.USERS))
      .table(incremental("time_entries", HarvestSchemas.TIME_ENTRIES))
      .build();

  private HarvestSource() {}

  private static RestTable incremental(String name, StructType schema) {
    return RestTable.incremental(name, "/v2/" + name, schema, TableMetadata.cdc("updated_at", "id"))
        .recordsAt("/" + name)
        .since("updated_since")
        .build();
  }

  /** 4. The factory: what ServiceLoader would find, listed in META-INF/services for a real source. */
  public static final class Factory extends RestConnectorFactory {
    public Factory() {
      super(SOURCE);
    }
  }
}
