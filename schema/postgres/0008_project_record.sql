-- A project's record as its page shows it (PostgreSQL): its version, the appeal
-- window's end, the contract's parties, each installment's due date, work and
-- inspection date, each payment's voucher and date (budget/projections/project_record.py).
-- Generated from budget/projections/tables.py by budget.projections.ddl; a test keeps
-- the two equal. A change is a new numbered file, never an edit here.

CREATE TABLE project_record (
    project_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    appeal_ends_on DATE,
    contract_number TEXT,
    contractor TEXT,
    contractor_tax_id TEXT,
    PRIMARY KEY (project_id)
);

CREATE TABLE project_record_installment (
    project_id VARCHAR(36) NOT NULL,
    number INTEGER NOT NULL,
    due_on DATE NOT NULL,
    description TEXT NOT NULL,
    inspected_on DATE,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE project_record_payment (
    project_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    voucher TEXT NOT NULL,
    paid_on DATE NOT NULL,
    PRIMARY KEY (project_id, version)
);
