package io.tributary.simulator.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The describe of a default org's standard objects: the fields Salesforce documents for each, in
 * describe types. The simulator's data, describe and SOQL all follow it; custom fields and custom
 * objects are the simulator's own additions ({@link SalesforceSimulator}).
 */
final class SalesforceOrg {
  /** Components of an address field, as describe lists them and Bulk queries select them. */
  static final List<String> ADDRESS_PARTS = List.of(
      "street", "city", "state", "postalCode", "country", "latitude", "longitude", "geocodeAccuracy");

  private static final String AUDIT =
      "Id:id IsDeleted:boolean CreatedDate:datetime CreatedById:reference "
          + "LastModifiedDate:datetime LastModifiedById:reference SystemModstamp:datetime ";
  private static final String AUDIT_UNDELETABLE =
      "Id:id CreatedDate:datetime CreatedById:reference LastModifiedDate:datetime "
          + "LastModifiedById:reference SystemModstamp:datetime ";
  private static final String HISTORY = "Id:id IsDeleted:boolean CreatedById:reference CreatedDate:datetime ";

  private static final Map<String, List<SimField>> OBJECTS = new LinkedHashMap<>();

  static {
    object("Account", AUDIT + "Name:string Type:picklist ParentId:reference BillingAddress:address "
        + "ShippingAddress:address Phone:phone Fax:phone Website:url Industry:picklist "
        + "AnnualRevenue:currency NumberOfEmployees:int Description:textarea OwnerId:reference "
        + "AccountSource:picklist Rating:picklist LastActivityDate:date");
    object("Contact", AUDIT + "AccountId:reference LastName:string FirstName:string Salutation:picklist "
        + "Name:string MailingAddress:address OtherAddress:address Phone:phone MobilePhone:phone "
        + "Email:email Title:string Department:string Birthdate:date LeadSource:picklist "
        + "Description:textarea OwnerId:reference HasOptedOutOfEmail:boolean LastActivityDate:date");
    object("Lead", AUDIT + "LastName:string FirstName:string Name:string Title:string Company:string "
        + "Address:address Phone:phone MobilePhone:phone Email:email Website:url "
        + "Description:textarea LeadSource:picklist Status:picklist Industry:picklist Rating:picklist "
        + "AnnualRevenue:currency NumberOfEmployees:int OwnerId:reference IsConverted:boolean "
        + "ConvertedDate:date ConvertedAccountId:reference ConvertedContactId:reference "
        + "ConvertedOpportunityId:reference");
    object("Opportunity", AUDIT + "AccountId:reference Name:string Description:textarea "
        + "StageName:picklist Amount:currency Probability:percent ExpectedRevenue:currency "
        + "CloseDate:date Type:picklist NextStep:string LeadSource:picklist IsClosed:boolean "
        + "IsWon:boolean ForecastCategory:picklist CampaignId:reference OwnerId:reference "
        + "Pricebook2Id:reference FiscalYear:int FiscalQuarter:int LastActivityDate:date");
    object("OpportunityLineItem", AUDIT + "OpportunityId:reference SortOrder:int "
        + "PricebookEntryId:reference Product2Id:reference ProductCode:string Name:string "
        + "Quantity:double TotalPrice:currency UnitPrice:currency ListPrice:currency "
        + "ServiceDate:date Description:string");
    object("OpportunityContactRole", AUDIT + "OpportunityId:reference ContactId:reference Role:picklist "
        + "IsPrimary:boolean");
    object("Campaign", AUDIT + "Name:string ParentId:reference Type:picklist Status:picklist "
        + "StartDate:date EndDate:date ExpectedRevenue:currency BudgetedCost:currency "
        + "ActualCost:currency ExpectedResponse:percent NumberSent:double IsActive:boolean "
        + "Description:textarea NumberOfLeads:int NumberOfContacts:int NumberOfOpportunities:int "
        + "AmountAllOpportunities:currency OwnerId:reference");
    object("CampaignMember", AUDIT + "CampaignId:reference LeadId:reference ContactId:reference "
        + "Status:picklist HasResponded:boolean FirstRespondedDate:date FirstName:string "
        + "LastName:string Email:email Phone:phone");
    object("Case", AUDIT + "CaseNumber:string ContactId:reference AccountId:reference ParentId:reference "
        + "SuppliedName:string SuppliedEmail:email SuppliedPhone:phone Type:picklist Status:picklist "
        + "Reason:picklist Origin:picklist Subject:string Priority:picklist Description:textarea "
        + "IsClosed:boolean ClosedDate:datetime IsEscalated:boolean OwnerId:reference "
        + "Comments:textarea");
    object("Task", AUDIT + "WhoId:reference WhatId:reference Subject:combobox ActivityDate:date "
        + "Status:picklist Priority:picklist OwnerId:reference Description:textarea IsClosed:boolean "
        + "AccountId:reference CallDurationInSeconds:int CallType:picklist TaskSubtype:picklist "
        + "CompletedDateTime:datetime");
    object("Event", AUDIT + "WhoId:reference WhatId:reference Subject:combobox Location:string "
        + "IsAllDayEvent:boolean ActivityDateTime:datetime ActivityDate:date DurationInMinutes:int "
        + "StartDateTime:datetime EndDateTime:datetime Description:textarea AccountId:reference "
        + "OwnerId:reference ShowAs:picklist EventSubtype:picklist");
    object("User", AUDIT_UNDELETABLE + "Username:string LastName:string FirstName:string "
        + "Name:string CompanyName:string Division:string Department:string Title:string "
        + "Address:address Email:email Phone:phone MobilePhone:phone Alias:string IsActive:boolean "
        + "TimeZoneSidKey:picklist UserRoleId:reference ProfileId:reference UserType:picklist "
        + "ManagerId:reference LastLoginDate:datetime");
    // UserRole has neither IsDeleted nor CreatedDate.
    object("UserRole", "Id:id LastModifiedDate:datetime LastModifiedById:reference "
        + "SystemModstamp:datetime Name:string ParentRoleId:reference RollupDescription:string "
        + "OpportunityAccessForAccountOwner:picklist DeveloperName:string PortalType:picklist");
    object("Product2", AUDIT + "Name:string ProductCode:string Description:textarea IsActive:boolean "
        + "Family:picklist StockKeepingUnit:string QuantityUnitOfMeasure:picklist IsArchived:boolean");
    object("Pricebook2", AUDIT + "Name:string IsActive:boolean IsArchived:boolean Description:string "
        + "IsStandard:boolean");
    object("PricebookEntry", AUDIT + "Name:string Pricebook2Id:reference Product2Id:reference "
        + "UnitPrice:currency IsActive:boolean UseStandardPrice:boolean ProductCode:string "
        + "IsArchived:boolean");
    object("Contract", AUDIT + "AccountId:reference Pricebook2Id:reference "
        + "OwnerExpirationNotice:picklist StartDate:date EndDate:date BillingAddress:address "
        + "ContractTerm:int OwnerId:reference Status:picklist StatusCode:picklist "
        + "CompanySignedDate:date CustomerSignedDate:date CustomerSignedId:reference "
        + "SpecialTerms:textarea Description:textarea ContractNumber:string ActivatedDate:datetime");
    object("Order", AUDIT + "AccountId:reference ContractId:reference Pricebook2Id:reference "
        + "OwnerId:reference EffectiveDate:date EndDate:date Status:picklist StatusCode:picklist "
        + "Type:picklist OrderNumber:string TotalAmount:currency BillingAddress:address "
        + "ShippingAddress:address Description:textarea ActivatedDate:datetime PoNumber:string");
    object("OrderItem", AUDIT + "OrderId:reference Product2Id:reference PricebookEntryId:reference "
        + "OriginalOrderItemId:reference Quantity:double UnitPrice:currency ListPrice:currency "
        + "TotalPrice:currency ServiceDate:date EndDate:date Description:string "
        + "OrderItemNumber:string");
    object("OpportunityHistory", HISTORY + "OpportunityId:reference StageName:picklist "
        + "Amount:currency ExpectedRevenue:currency CloseDate:date Probability:percent "
        + "ForecastCategory:picklist SystemModstamp:datetime");
    object("OpportunityFieldHistory", HISTORY + "OpportunityId:reference Field:picklist "
        + "DataType:picklist OldValue:anyType NewValue:anyType");
    object("AccountHistory", HISTORY + "AccountId:reference Field:picklist DataType:picklist "
        + "OldValue:anyType NewValue:anyType");
  }

  private SalesforceOrg() {}

  /** Every standard object, in the order Setup lists them here. */
  static Set<String> objects() {
    return OBJECTS.keySet();
  }

  /** The fields of a standard object, or an empty list for an object the org does not have. */
  static List<SimField> fields(String object) {
    return OBJECTS.getOrDefault(object, List.of());
  }

  /** A component's API name: BillingPostalCode for (BillingAddress, postalCode), City for (Address, city). */
  static String addressComponent(String addressField, String part) {
    String prefix = addressField.endsWith("Address")
        ? addressField.substring(0, addressField.length() - "Address".length())
        : addressField;
    return prefix + Character.toUpperCase(part.charAt(0)) + part.substring(1);
  }

  private static void object(String name, String spec) {
    List<SimField> fields = new ArrayList<>();
    for (String item : spec.trim().split("\\s+")) {
      String[] parts = item.split(":");
      fields.add(SimField.standard(parts[0], parts[1]));
    }
    OBJECTS.put(name, List.copyOf(fields));
  }
}
