-- Where money comes from and revenue against its estimate (PostgreSQL): each budget
-- line's funding source where it is not the LAO's own revenue, each budget's revenue by
-- category, month and receipt, and its running sums per province and LAO type
-- (budget/projections/line_funding.py, revenue.py). Generated from
-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.
-- A change is a new numbered file, never an edit here.

CREATE TABLE budget_line_source (
    budget_id VARCHAR(36) NOT NULL,
    line_code VARCHAR(100) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    kind VARCHAR(40) NOT NULL,
    grantor TEXT NOT NULL,
    unused VARCHAR(40),
    council_resolution TEXT,
    council_approved_on DATE,
    added_on DATE,
    reference TEXT NOT NULL,
    PRIMARY KEY (budget_id, line_code)
);

CREATE INDEX ix_budget_line_source_lao ON budget_line_source (lao_code, fiscal_year);

CREATE INDEX ix_budget_line_source_year ON budget_line_source (fiscal_year, province_code);

CREATE TABLE line_funding_budget (
    budget_id VARCHAR(36) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    PRIMARY KEY (budget_id)
);

CREATE TABLE revenue_category (
    budget_id VARCHAR(36) NOT NULL,
    category VARCHAR(40) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    estimated NUMERIC(18, 2) NOT NULL,
    received NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (budget_id, category)
);

CREATE INDEX ix_revenue_category_lao_code ON revenue_category (lao_code);

CREATE TABLE revenue_month (
    budget_id VARCHAR(36) NOT NULL,
    month DATE NOT NULL,
    category VARCHAR(40) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    received NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (budget_id, month, category)
);

CREATE INDEX ix_revenue_month_lao_year ON revenue_month (lao_code, fiscal_year);

CREATE TABLE revenue_receipt (
    budget_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    category VARCHAR(40) NOT NULL,
    month DATE NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (budget_id, version)
);

CREATE TABLE revenue_rollup (
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    category VARCHAR(40) NOT NULL,
    estimated NUMERIC(18, 2) NOT NULL,
    received NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (province_code, lao_type, fiscal_year, category)
);

ALTER TABLE revenue_category SET (fillfactor = 70);
ALTER TABLE revenue_rollup SET (fillfactor = 70);
