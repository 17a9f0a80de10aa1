CREATE OR REPLACE TABLE reporting.account_opportunity AS
SELECT o.Id AS opportunity_id, o.AccountId AS account_id, a.Industry AS industry,
       a.Type AS account_type, a.AccountSource AS account_source, a.NumberOfEmployees AS employees,
       o.StageName AS stage, o.Type AS opportunity_type, o.LeadSource AS lead_source,
       o.Amount AS amount, o.Probability AS probability, o.ExpectedRevenue AS expected_revenue,
       o.CloseDate AS close_date, o.IsClosed AS is_closed, o.IsWon AS is_won,
       o.ForecastCategory AS forecast_category, o.FiscalYear AS fiscal_year,
       o.FiscalQuarter AS fiscal_quarter, o.CreatedDate AS created_at,
       o.SystemModstamp AS modified_at
FROM crm.Opportunity o
LEFT JOIN crm.Account a ON a.Id = o.AccountId
