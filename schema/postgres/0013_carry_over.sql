-- Money carried over past 30 September for a project (PostgreSQL): its kind, amount,
-- the day carried, the deadline and the day the unpaid rest was cancelled after it
-- (budget/projections/project_record.py). Generated from budget/projections/tables.py
-- by budget.projections.ddl; a test keeps the two equal. A change is a new numbered
-- file, never an edit here.

CREATE TABLE project_record_carry_over (
    project_id VARCHAR(36) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    carried_on DATE NOT NULL,
    deadline DATE NOT NULL,
    cancelled_on DATE,
    PRIMARY KEY (project_id)
);
