-- Money carried over past 30 September for a project (PostgreSQL): its kind, amount,
-- the day carried, the deadline, the council's resolution, the unpaid rest cancelled
-- after the deadline (budget/projections/carry_over.py). Generated from
-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.
-- A change is a new numbered file, never an edit here.

CREATE TABLE project_carry_over (
    project_id VARCHAR(36) NOT NULL,
    budget_id VARCHAR(36) NOT NULL,
    line_code VARCHAR(100) NOT NULL,
    kind VARCHAR(40) NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    carried_on DATE NOT NULL,
    deadline DATE NOT NULL,
    council_resolution TEXT,
    council_approved_on DATE,
    cancelled NUMERIC(18, 2),
    cancelled_on DATE,
    PRIMARY KEY (project_id)
);
