-- The money of the lines not funded by the LAO's own revenue as running sums per
-- province and for the nation, by LAO type, budget group and source, so the province
-- and national dashboards split the year's money by source from a few hundred rows
-- (budget/projections/funding_sums.py); each province's progress through each
-- quarter, by type and group and in all, so the national dashboard lists the
-- provinces from one row each (progress.py). Generated from budget/projections/tables.py
-- by budget.projections.ddl; a test keeps the two equal. A change is a new numbered
-- file, never an edit here.

CREATE TABLE national_funding (
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    grantor TEXT NOT NULL,
    unused VARCHAR(40) NOT NULL,
    allocated NUMERIC(18, 2) NOT NULL,
    obligated NUMERIC(18, 2) NOT NULL,
    disbursed NUMERIC(18, 2) NOT NULL,
    lapsed NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (lao_type, fiscal_year, budget_group, kind, grantor, unused)
);

CREATE TABLE national_province_progress (
    fiscal_year INTEGER NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    quarter INTEGER NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    allocated NUMERIC(18, 2) NOT NULL,
    obligated NUMERIC(18, 2) NOT NULL,
    disbursed NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (fiscal_year, lao_type, budget_group, quarter, province_code)
);

CREATE TABLE province_funding (
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    grantor TEXT NOT NULL,
    unused VARCHAR(40) NOT NULL,
    allocated NUMERIC(18, 2) NOT NULL,
    obligated NUMERIC(18, 2) NOT NULL,
    disbursed NUMERIC(18, 2) NOT NULL,
    lapsed NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (province_code, lao_type, fiscal_year, budget_group, kind, grantor, unused)
);

ALTER TABLE national_funding SET (fillfactor = 70);
ALTER TABLE national_province_progress SET (fillfactor = 70);
ALTER TABLE province_funding SET (fillfactor = 70);
