-- The nation's running sums beside the provinces' (PostgreSQL): progress per LAO type
-- and stage counts without the province, so the national dashboard reads a few
-- hundred rows. Generated from budget/projections/tables.py by budget.projections.ddl;
-- a test keeps the two equal. A change is a new numbered file, never an edit here.

CREATE TABLE national_progress (
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    allocated NUMERIC(18, 2) NOT NULL,
    obligated NUMERIC(18, 2) NOT NULL,
    disbursed NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (lao_type, fiscal_year, quarter, budget_group)
);

CREATE TABLE national_stage_count (
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    method VARCHAR(40) NOT NULL,
    stage VARCHAR(40) NOT NULL,
    projects INTEGER NOT NULL,
    budget_amount NUMERIC(18, 2) NOT NULL,
    contract_amount NUMERIC(18, 2) NOT NULL,
    paid NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (lao_type, fiscal_year, budget_group, method, stage)
);
