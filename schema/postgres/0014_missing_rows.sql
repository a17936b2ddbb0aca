-- What who is missing reads, one row per LAO of the registry and fiscal year (year 0:
-- the registry alone), so the national list and its counts read one table and join
-- nothing but the page's names and contacts (budget/projections/missing_rows.py).
-- Generated from budget/projections/tables.py by budget.projections.ddl; a test keeps
-- the two equal. A change is a new numbered file, never an edit here.

CREATE TABLE lao_missing (
    fiscal_year INTEGER NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    authority_id VARCHAR(36),
    budget_id VARCHAR(36),
    drafted_on DATE,
    enacted_on DATE,
    latest_stage_on DATE,
    reports_submitted INTEGER NOT NULL,
    last_report_on DATE,
    PRIMARY KEY (fiscal_year, lao_code)
);

CREATE INDEX ix_lao_missing_budget_id ON lao_missing (budget_id);

CREATE INDEX lao_missing_province ON lao_missing (fiscal_year, province_code);

ALTER TABLE lao_missing SET (fillfactor = 70);
