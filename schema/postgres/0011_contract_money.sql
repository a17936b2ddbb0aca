-- A contract's money beyond its installments and its amendments (PostgreSQL): the
-- advance, retention, fines, what each inspected installment withheld, each amendment
-- (who approved it, why) and what was paid outside the installments
-- (budget/projections/project_state.py, project_record.py). Generated from
-- budget/projections/tables.py by budget.projections.ddl; a test keeps the two equal.
-- A change is a new numbered file, never an edit here.

CREATE TABLE project_installment_deduction (
    project_id VARCHAR(36) NOT NULL,
    number INTEGER NOT NULL,
    delivered_on DATE NOT NULL,
    days_late INTEGER NOT NULL,
    advance NUMERIC(18, 2) NOT NULL,
    retention NUMERIC(18, 2) NOT NULL,
    fine NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE project_money (
    project_id VARCHAR(36) NOT NULL,
    advance_rate NUMERIC(18, 2) NOT NULL,
    advance_recovery_rate NUMERIC(18, 2) NOT NULL,
    retention_rate NUMERIC(18, 2) NOT NULL,
    warranty_months INTEGER NOT NULL,
    fine_rate NUMERIC(18, 2) NOT NULL,
    fine_basis VARCHAR(20) NOT NULL,
    advance_paid NUMERIC(18, 2) NOT NULL,
    advance_recovered NUMERIC(18, 2) NOT NULL,
    retention_withheld NUMERIC(18, 2) NOT NULL,
    retention_released NUMERIC(18, 2) NOT NULL,
    fines NUMERIC(18, 2) NOT NULL,
    amendments INTEGER NOT NULL,
    PRIMARY KEY (project_id)
);

CREATE TABLE project_record_amendment (
    project_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    kind VARCHAR(40) NOT NULL,
    approved_on DATE NOT NULL,
    approved_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    previous_amount NUMERIC(18, 2) NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (project_id, version)
);

CREATE TABLE project_record_lump_sum (
    project_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    kind VARCHAR(40) NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    voucher TEXT NOT NULL,
    paid_on DATE NOT NULL,
    guarantee TEXT NOT NULL,
    PRIMARY KEY (project_id, version)
);

ALTER TABLE project_money SET (fillfactor = 70);
