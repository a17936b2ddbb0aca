-- The read views and their tracking positions (PostgreSQL).
-- Generated from budget/projections/tables.py by budget.projections.ddl; a test keeps
-- the two equal. A change to the views is a new numbered file, never an edit here.

CREATE TABLE audit_log (
    position BIGINT NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    business_date DATE,
    user_id VARCHAR(100) NOT NULL,
    role VARCHAR(50) NOT NULL,
    acting_for VARCHAR(20) NOT NULL,
    event_type VARCHAR(100) NOT NULL,
    aggregate_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    reason TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (position)
);

CREATE INDEX ix_audit_log_aggregate_id ON audit_log (aggregate_id);

CREATE TABLE project_installment (
    project_id VARCHAR(36) NOT NULL,
    number INTEGER NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    inspected BOOLEAN NOT NULL,
    paid NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (project_id, number)
);

CREATE TABLE project_payment (
    project_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    installment INTEGER NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (project_id, version)
);

CREATE TABLE project_state (
    project_id VARCHAR(36) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    code VARCHAR(100) NOT NULL,
    name TEXT NOT NULL,
    line_code VARCHAR(100) NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    method VARCHAR(40) NOT NULL,
    budget_amount NUMERIC(18, 2) NOT NULL,
    stage VARCHAR(40) NOT NULL,
    stage_entered_on DATE NOT NULL,
    contract_amount NUMERIC(18, 2),
    paid NUMERIC(18, 2) NOT NULL,
    installments_total INTEGER NOT NULL,
    installments_inspected INTEGER NOT NULL,
    installments_paid INTEGER NOT NULL,
    cancelled BOOLEAN NOT NULL,
    closed BOOLEAN NOT NULL,
    last_position BIGINT NOT NULL,
    PRIMARY KEY (project_id)
);

CREATE INDEX ix_project_state_lao_code ON project_state (lao_code);

CREATE TABLE projection_tracking (
    name VARCHAR(100) NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (name)
);
