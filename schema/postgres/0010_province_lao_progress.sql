-- Each LAO's progress as its province's dashboard lists it (PostgreSQL): summed through
-- each quarter, by budget group and in all groups, so any filter of that dashboard
-- reads one row per LAO (budget/projections/progress.py). Generated from
-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.
-- A change is a new numbered file, never an edit here.

CREATE TABLE province_lao_progress (
    province_code VARCHAR(10) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    quarter INTEGER NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    allocated NUMERIC(18, 2) NOT NULL,
    obligated NUMERIC(18, 2) NOT NULL,
    disbursed NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (province_code, fiscal_year, budget_group, quarter, lao_code)
);

ALTER TABLE province_lao_progress SET (fillfactor = 70);
