package io.tributary.source.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The static catalog: the standard objects most teams ingest, with the fields of a default org in
 * Salesforce's describe types. Tagging follows {@link SalesforceTypes#looksPersonal}; a trailing
 * {@code !} tags a free-text field the name rule misses (NextStep, SpecialTerms, history values).
 */
final class SalesforceObjects {
  static final String SYSTEM_MODSTAMP = "SystemModstamp";
  static final String CREATED_DATE = "CreatedDate";
  static final String ID = "Id";
  static final String IS_DELETED = "IsDeleted";

  private static final String AUDIT =
      "Id:id IsDeleted:boolean CreatedDate:datetime CreatedById:reference "
          + "LastModifiedDate:datetime LastModifiedById:reference SystemModstamp:datetime ";
  private static final String AUDIT_UNDELETABLE =
      "Id:id CreatedDate:datetime CreatedById:reference LastModifiedDate:datetime "
          + "LastModifiedById:reference SystemModstamp:datetime ";
  private static final String HISTORY = "Id:id IsDeleted:boolean CreatedById:reference CreatedDate:datetime ";

  private static final Map<String, SalesforceTable> TABLES = new LinkedHashMap<>();

  static {
    cdc("Account", AUDIT + "Name:string Type:picklist ParentId:reference BillingAddress:address "
        + "ShippingAddress:address Phone:phone Fax:phone Website:url Industry:picklist "
        + "AnnualRevenue:currency NumberOfEmployees:int Description:textarea OwnerId:reference "
        + "AccountSource:picklist Rating:picklist LastActivityDate:date");
    cdc("Contact", AUDIT + "AccountId:reference LastName:string FirstName:string Salutation:picklist "
        + "Name:string MailingAddress:address OtherAddress:address Phone:phone MobilePhone:phone "
        + "Email:email Title:string Department:string Birthdate:date LeadSource:picklist "
        + "Description:textarea OwnerId:reference HasOptedOutOfEmail:boolean LastActivityDate:date");
    cdc("Lead", AUDIT + "LastName:string FirstName:string Name:string Title:string Company:string "
        + "Address:address Phone:phone MobilePhone:phone Email:email Website:url "
        + "Description:textarea LeadSource:picklist Status:picklist Industry:picklist Rating:picklist "
        + "AnnualRevenue:currency NumberOfEmployees:int OwnerId:reference IsConverted:boolean "
        + "ConvertedDate:date ConvertedAccountId:reference ConvertedContactId:reference "
        + "ConvertedOpportunityId:reference");
    cdc("Opportunity", AUDIT + "AccountId:reference Name:string Description:textarea "
        + "StageName:picklist Amount:currency Probability:percent ExpectedRevenue:currency "
        + "CloseDate:date Type:picklist NextStep:string! LeadSource:picklist IsClosed:boolean "
        + "IsWon:boolean ForecastCategory:picklist CampaignId:reference OwnerId:reference "
        + "Pricebook2Id:reference FiscalYear:int FiscalQuarter:int LastActivityDate:date");
    cdc("OpportunityLineItem", AUDIT + "OpportunityId:reference SortOrder:int "
        + "PricebookEntryId:reference Product2Id:reference ProductCode:string Name:string "
        + "Quantity:double TotalPrice:currency UnitPrice:currency ListPrice:currency "
        + "ServiceDate:date Description:string");
    cdc("OpportunityContactRole", AUDIT + "OpportunityId:reference ContactId:reference Role:picklist "
        + "IsPrimary:boolean");
    cdc("Campaign", AUDIT + "Name:string ParentId:reference Type:picklist Status:picklist "
        + "StartDate:date EndDate:date ExpectedRevenue:currency BudgetedCost:currency "
        + "ActualCost:currency ExpectedResponse:percent NumberSent:double IsActive:boolean "
        + "Description:textarea NumberOfLeads:int NumberOfContacts:int NumberOfOpportunities:int "
        + "AmountAllOpportunities:currency OwnerId:reference");
    cdc("CampaignMember", AUDIT + "CampaignId:reference LeadId:reference ContactId:reference "
        + "Status:picklist HasResponded:boolean FirstRespondedDate:date FirstName:string "
        + "LastName:string Email:email Phone:phone");
    cdc("Case", AUDIT + "CaseNumber:string ContactId:reference AccountId:reference ParentId:reference "
        + "SuppliedName:string SuppliedEmail:email SuppliedPhone:phone Type:picklist Status:picklist "
        + "Reason:picklist Origin:picklist Subject:string Priority:picklist Description:textarea "
        + "IsClosed:boolean ClosedDate:datetime IsEscalated:boolean OwnerId:reference "
        + "Comments:textarea");
    cdc("Task", AUDIT + "WhoId:reference WhatId:reference Subject:combobox ActivityDate:date "
        + "Status:picklist Priority:picklist OwnerId:reference Description:textarea IsClosed:boolean "
        + "AccountId:reference CallDurationInSeconds:int CallType:picklist TaskSubtype:picklist "
        + "CompletedDateTime:datetime");
    cdc("Event", AUDIT + "WhoId:reference WhatId:reference Subject:combobox Location:string! "
        + "IsAllDayEvent:boolean ActivityDateTime:datetime ActivityDate:date DurationInMinutes:int "
        + "StartDateTime:datetime EndDateTime:datetime Description:textarea AccountId:reference "
        + "OwnerId:reference ShowAs:picklist EventSubtype:picklist");
    undeletable("User", AUDIT_UNDELETABLE + "Username:string LastName:string FirstName:string "
        + "Name:string CompanyName:string Division:string Department:string Title:string "
        + "Address:address Email:email Phone:phone MobilePhone:phone Alias:string IsActive:boolean "
        + "TimeZoneSidKey:picklist UserRoleId:reference ProfileId:reference UserType:picklist "
        + "ManagerId:reference LastLoginDate:datetime");
    // UserRole has neither IsDeleted nor CreatedDate.
    undeletable("UserRole", "Id:id LastModifiedDate:datetime LastModifiedById:reference "
        + "SystemModstamp:datetime Name:string ParentRoleId:reference RollupDescription:string "
        + "OpportunityAccessForAccountOwner:picklist DeveloperName:string PortalType:picklist");
    cdc("Product2", AUDIT + "Name:string ProductCode:string Description:textarea IsActive:boolean "
        + "Family:picklist StockKeepingUnit:string QuantityUnitOfMeasure:picklist IsArchived:boolean");
    cdc("Pricebook2", AUDIT + "Name:string IsActive:boolean IsArchived:boolean Description:string "
        + "IsStandard:boolean");
    cdc("PricebookEntry", AUDIT + "Name:string Pricebook2Id:reference Product2Id:reference "
        + "UnitPrice:currency IsActive:boolean UseStandardPrice:boolean ProductCode:string "
        + "IsArchived:boolean");
    cdc("Contract", AUDIT + "AccountId:reference Pricebook2Id:reference "
        + "OwnerExpirationNotice:picklist StartDate:date EndDate:date BillingAddress:address "
        + "ContractTerm:int OwnerId:reference Status:picklist StatusCode:picklist "
        + "CompanySignedDate:date CustomerSignedDate:date CustomerSignedId:reference "
        + "SpecialTerms:textarea Description:textarea ContractNumber:string ActivatedDate:datetime");
    cdc("Order", AUDIT + "AccountId:reference ContractId:reference Pricebook2Id:reference "
        + "OwnerId:reference EffectiveDate:date EndDate:date Status:picklist StatusCode:picklist "
        + "Type:picklist OrderNumber:string TotalAmount:currency BillingAddress:address "
        + "ShippingAddress:address Description:textarea ActivatedDate:datetime PoNumber:string");
    cdc("OrderItem", AUDIT + "OrderId:reference Product2Id:reference PricebookEntryId:reference "
        + "OriginalOrderItemId:reference Quantity:double UnitPrice:currency ListPrice:currency "
        + "TotalPrice:currency ServiceDate:date EndDate:date Description:string "
        + "OrderItemNumber:string");
    history("OpportunityHistory", HISTORY + "OpportunityId:reference StageName:picklist "
        + "Amount:currency ExpectedRevenue:currency CloseDate:date Probability:percent "
        + "ForecastCategory:picklist SystemModstamp:datetime");
    history("OpportunityFieldHistory", HISTORY + "OpportunityId:reference Field:picklist "
        + "DataType:picklist OldValue:anyType! NewValue:anyType!");
    history("AccountHistory", HISTORY + "AccountId:reference Field:picklist DataType:picklist "
        + "OldValue:anyType! NewValue:anyType!");
  }

  private SalesforceObjects() {}

  /** Every static table name, in catalog order. */
  static List<String> names() {
    return List.copyOf(TABLES.keySet());
  }

  static Optional<SalesforceTable> find(String name) {
    return Optional.ofNullable(TABLES.get(name));
  }

  private static void cdc(String name, String spec) {
    TABLES.put(name, new SalesforceTable(name, parse(spec), Optional.of(SYSTEM_MODSTAMP),
        SalesforceTable.Kind.CDC, true, true));
  }

  private static void undeletable(String name, String spec) {
    TABLES.put(name, new SalesforceTable(name, parse(spec), Optional.of(SYSTEM_MODSTAMP),
        SalesforceTable.Kind.CDC, false, false));
  }

  private static void history(String name, String spec) {
    TABLES.put(name, new SalesforceTable(name, parse(spec), Optional.of(CREATED_DATE),
        SalesforceTable.Kind.APPEND, false, false));
  }

  private static List<SalesforceField> parse(String spec) {
    List<SalesforceField> fields = new ArrayList<>();
    for (String item : spec.trim().split("\\s+")) {
      boolean forcedPii = item.endsWith("!");
      String[] parts = (forcedPii ? item.substring(0, item.length() - 1) : item).split(":");
      boolean pii = forcedPii || SalesforceTypes.looksPersonal(parts[0], parts[1]);
      fields.add(new SalesforceField(parts[0], parts[1], pii, false, false));
    }
    return fields;
  }
}
