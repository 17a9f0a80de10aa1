package io.tributary.source.chargebee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.api.Connector;
import io.tributary.api.ExternalException;
import io.tributary.api.Offset;
import io.tributary.api.OptionValues;
import io.tributary.api.UserException;
import io.tributary.simulator.Fault;
import io.tributary.simulator.LoggedRequest;
import io.tributary.simulator.chargebee.ChargebeeSimulator;
import io.tributary.simulator.chargebee.ProductCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChargebeeErrorsAndCatalogTest {
  private final ChargebeeSimulator v1 = ChargebeeSimulator.start(ProductCatalog.V1);
  private final OptionValues options = ChargebeeTestReads.tableOptions(Map.of());

  @AfterEach
  void stop() {
    v1.close();
  }

  @Test
  void autoDetectsTheCatalogWithOneProbeAndRefusesTheOtherCatalogsTablesNamingBoth() {
    Connector connector = ChargebeeTestReads.connector(v1);

    assertThatThrownBy(() -> connector.schema("items", options))
        .isInstanceOf(UserException.class)
        .hasMessage("Cannot use table 'items': it exists only in Product Catalog 2.0 and this "
            + "Chargebee site uses Product Catalog 1.0; tables of Product Catalog 1.0 are customers, "
            + "subscriptions, invoices, credit_notes, transactions, orders, payment_sources, quotes, "
            + "unbilled_charges, virtual_bank_accounts, gifts, coupons, plans, addons, events, "
            + "promotional_credits, comments, contacts, subscription_addons, invoice_line_items, "
            + "invoice_discounts, invoice_taxes, credit_note_line_items. Remove it from the spec, or "
            + "set product_catalog if the site was migrated");
    assertThatThrownBy(() -> connector.metadata("subscription_items", options))
        .hasMessageContaining("it exists only in Product Catalog 2.0");
    assertThat(connector.metadata("plans", options).primaryKeys()).containsExactly("id");
    assertThat(v1.server().requests("/api/v2/configurations")).hasSize(1);
  }

  @Test
  void aPinnedCatalogNeedsNoProbeAndTheSiteRefusalBecomesTheCatalogMessage() {
    Connector connector = ChargebeeTestReads.connector(v1, Map.of("product_catalog", "2.0"));

    assertThat(connector.schema("items", options).fieldNames()).contains("item_family_id");
    assertThatThrownBy(() -> connector.read("items", Offset.START, options))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("Cannot read table 'items': this Chargebee site's Product Catalog "
            + "does not have it (configuration_incompatible).")
        .hasMessageContaining("Set product_catalog to the site's version, or to auto");
    assertThat(v1.server().requests("/api/v2/configurations")).isEmpty();
  }

  @Test
  void describesEveryTableWithoutCredentials() {
    OptionValues described = ChargebeeOptions.connection().validateForDescription(Map.of());
    Connector connector = new ChargebeeConnectorFactory().create(described);

    assertThat(connector.listTables()).contains("plans", "items", "subscription_items", "contacts");
    assertThat(connector.schema("plans", options).fieldNames()).contains("price");
  }

  @Test
  void retriesA429HonouringRetryAfter() {
    Connector connector = ChargebeeTestReads.connector(v1);
    v1.server().faults().next("/api/v2/orders", 1, Fault.tooManyRequests(1));
    long began = System.nanoTime();

    ChargebeeTestReads.Run run = ChargebeeTestReads.read(connector, "orders", Offset.START, options);

    assertThat(System.nanoTime() - began).isGreaterThanOrEqualTo(1_000_000_000L);
    assertThat(run.latestById()).hasSize(v1.data("orders").records().size());
    List<LoggedRequest> requests = v1.server().requests("/api/v2/orders");
    assertThat(requests.get(0).status()).isEqualTo(429);
    assertThat(requests.get(1).status()).isEqualTo(200);
    assertThat(connector.metrics().retries()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void siteNotReadyFailsSayingWhatItMeans() {
    Connector connector = ChargebeeTestReads.connector(v1);
    v1.siteNotReady(true);

    assertThatThrownBy(() -> connector.read("customers", Offset.START, options))
        .isInstanceOf(ExternalException.class)
        .hasMessage("Cannot read table 'customers': Chargebee site 'acme-test' is not ready to serve "
            + "API calls (site_not_ready): it is still being set up, migrated or restored. Nothing is "
            + "wrong with the request; run again once the site is available in the Chargebee app");
  }

  @Test
  void aRejectedKeySaysToCheckApiKeyWithoutShowingIt() {
    Connector connector = ChargebeeTestReads.connector(v1, Map.of("api_key", "wrong_key_5678"));

    assertThatThrownBy(() -> connector.read("customers", Offset.START, options))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("check api_key")
        .hasMessageNotContaining("wrong_key_5678");
  }
}
