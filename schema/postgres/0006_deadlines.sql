-- The legal deadlines of what LAOs record and the cabinet's extra holidays
-- (PostgreSQL), the tables updated in place with room on their pages
-- (budget/projections/storage.py). Generated from budget/projections/tables.py by
-- budget.projections.ddl; a test keeps the two equal. A change is a new numbered
-- file, never an edit here.

CREATE TABLE cabinet_holiday (
    day DATE NOT NULL,
    name VARCHAR(500) NOT NULL,
    source VARCHAR(500) NOT NULL,
    PRIMARY KEY (day)
);

CREATE TABLE deadline (
    deadline_key VARCHAR(80) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    kind VARCHAR(30) NOT NULL,
    subject_id VARCHAR(36) NOT NULL,
    subject VARCHAR(200) NOT NULL,
    number INTEGER NOT NULL,
    opened_on DATE NOT NULL,
    starts_on DATE NOT NULL,
    fixed_due_on DATE,
    met_on DATE,
    met_by VARCHAR(80) NOT NULL,
    cancelled_on DATE,
    PRIMARY KEY (deadline_key)
);

CREATE INDEX ix_deadline_lao ON deadline (lao_code, fiscal_year);

CREATE INDEX ix_deadline_province ON deadline (province_code, fiscal_year, kind);

CREATE INDEX ix_deadline_subject ON deadline (subject_id);

CREATE TABLE deadline_budget (
    budget_id VARCHAR(36) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    enacted_on DATE,
    PRIMARY KEY (budget_id)
);

CREATE UNIQUE INDEX ix_deadline_budget_lao ON deadline_budget (lao_code, fiscal_year);

CREATE TABLE reporting_rule (
    fiscal_year INTEGER NOT NULL,
    period_kind VARCHAR(1) NOT NULL,
    days INTEGER NOT NULL,
    counting VARCHAR(10) NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (fiscal_year, period_kind)
);

ALTER TABLE deadline SET (fillfactor = 70);
ALTER TABLE deadline_budget SET (fillfactor = 70);
