-- Who is missing (PostgreSQL): each LAO's contact (budget/domain/contact.py), and what
-- each LAO's fiscal year holds of the entries the list counts, one row per LAO and
-- year (budget/projections/compliance.py). Generated from budget/projections/tables.py
-- by budget.projections.ddl; a test keeps the two equal. A change is a new numbered
-- file, never an edit here.

CREATE TABLE authority_contact (
    lao_code VARCHAR(20) NOT NULL,
    officer VARCHAR(200) NOT NULL,
    phone VARCHAR(60) NOT NULL,
    email VARCHAR(254) NOT NULL,
    set_on DATE NOT NULL,
    last_position BIGINT NOT NULL,
    PRIMARY KEY (lao_code)
);

CREATE TABLE lao_compliance (
    lao_code VARCHAR(20) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    latest_stage_on DATE,
    reports_submitted INTEGER NOT NULL,
    last_report_on DATE,
    PRIMARY KEY (lao_code, fiscal_year)
);

ALTER TABLE lao_compliance SET (fillfactor = 70);
