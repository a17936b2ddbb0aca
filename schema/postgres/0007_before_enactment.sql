-- What each budget line spent under last year's ordinance before this year's was
-- enacted, and how much of it the enactment counted (PostgreSQL). Generated from
-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.
-- A change is a new numbered file, never an edit here.

CREATE TABLE budget_line_before_enactment (
    budget_id VARCHAR(36) NOT NULL,
    line_code VARCHAR(100) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    under_fiscal_year INTEGER NOT NULL,
    spent NUMERIC(18, 2) NOT NULL,
    counted NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (budget_id, line_code)
);

CREATE INDEX ix_budget_line_before_enactment_lao_code ON budget_line_before_enactment (lao_code);
