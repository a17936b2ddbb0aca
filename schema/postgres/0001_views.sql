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

CREATE TABLE authority (
    lao_code VARCHAR(20) NOT NULL,
    authority_id VARCHAR(36) NOT NULL,
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    district_code VARCHAR(10) NOT NULL,
    subdistrict_code VARCHAR(10) NOT NULL,
    merged_into VARCHAR(20) NOT NULL,
    last_position BIGINT NOT NULL,
    PRIMARY KEY (lao_code),
    UNIQUE (authority_id)
);

CREATE INDEX ix_authority_province_code ON authority (province_code);

CREATE TABLE budget_expenditure (
    budget_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    line_code VARCHAR(100) NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (budget_id, version)
);

CREATE TABLE budget_line_balance (
    budget_id VARCHAR(36) NOT NULL,
    line_code VARCHAR(100) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    programme VARCHAR(40) NOT NULL,
    work_unit TEXT NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    category VARCHAR(40) NOT NULL,
    description TEXT NOT NULL,
    appropriated NUMERIC(18, 2) NOT NULL,
    transferred_in NUMERIC(18, 2) NOT NULL,
    transferred_out NUMERIC(18, 2) NOT NULL,
    supplementary NUMERIC(18, 2) NOT NULL,
    allocated NUMERIC(18, 2) NOT NULL,
    reserved NUMERIC(18, 2) NOT NULL,
    committed NUMERIC(18, 2) NOT NULL,
    paid NUMERIC(18, 2) NOT NULL,
    spent NUMERIC(18, 2) NOT NULL,
    carried NUMERIC(18, 2) NOT NULL,
    savings NUMERIC(18, 2) NOT NULL,
    lapsed NUMERIC(18, 2) NOT NULL,
    available NUMERIC(18, 2) NOT NULL,
    last_position BIGINT NOT NULL,
    PRIMARY KEY (budget_id, line_code)
);

CREATE INDEX ix_budget_line_balance_lao_code ON budget_line_balance (lao_code);

CREATE TABLE budget_line_project (
    budget_id VARCHAR(36) NOT NULL,
    line_code VARCHAR(100) NOT NULL,
    project_id VARCHAR(36) NOT NULL,
    planned NUMERIC(18, 2) NOT NULL,
    reserved NUMERIC(18, 2) NOT NULL,
    committed NUMERIC(18, 2),
    paid NUMERIC(18, 2) NOT NULL,
    carried NUMERIC(18, 2),
    released BOOLEAN NOT NULL,
    PRIMARY KEY (budget_id, line_code, project_id)
);

CREATE TABLE budget_state (
    budget_id VARCHAR(36) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    drafted_on DATE NOT NULL,
    enacted_on DATE,
    closed_on DATE,
    last_position BIGINT NOT NULL,
    PRIMARY KEY (budget_id)
);

CREATE UNIQUE INDEX ix_budget_state_lao_year ON budget_state (lao_code, fiscal_year);

CREATE TABLE disbursement_target (
    fiscal_year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    percent NUMERIC(5, 2) NOT NULL,
    obligated_percent NUMERIC(5, 2),
    source TEXT NOT NULL,
    PRIMARY KEY (fiscal_year, quarter, budget_group)
);

CREATE TABLE lao_progress (
    lao_code VARCHAR(20) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    allocated NUMERIC(18, 2) NOT NULL,
    obligated NUMERIC(18, 2) NOT NULL,
    disbursed NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (lao_code, fiscal_year, quarter, budget_group)
);

CREATE INDEX ix_lao_progress_province ON lao_progress (province_code, fiscal_year);

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

CREATE TABLE project_stage_date (
    project_id VARCHAR(36) NOT NULL,
    stage VARCHAR(40) NOT NULL,
    entered_on DATE NOT NULL,
    PRIMARY KEY (project_id, stage)
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

CREATE INDEX ix_project_state_age ON project_state (fiscal_year, stage_entered_on);

CREATE INDEX ix_project_state_lao_code ON project_state (lao_code);

CREATE INDEX ix_project_state_province ON project_state (province_code, fiscal_year);

CREATE TABLE projection_tracking (
    name VARCHAR(100) NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (name)
);

CREATE TABLE province_progress (
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    allocated NUMERIC(18, 2) NOT NULL,
    obligated NUMERIC(18, 2) NOT NULL,
    disbursed NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (province_code, lao_type, fiscal_year, quarter, budget_group)
);

CREATE TABLE report_state (
    report_id VARCHAR(36) NOT NULL,
    lao_code VARCHAR(20) NOT NULL,
    province_code VARCHAR(10) NOT NULL,
    period VARCHAR(10) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    period_kind VARCHAR(1) NOT NULL,
    period_number INTEGER NOT NULL,
    period_ends_on DATE NOT NULL,
    status VARCHAR(20) NOT NULL,
    drafted_on DATE NOT NULL,
    signed_off_by VARCHAR(100) NOT NULL,
    first_submitted_on DATE,
    last_submitted_on DATE,
    submissions INTEGER NOT NULL,
    returns INTEGER NOT NULL,
    reviewed_on DATE,
    reviewed_by VARCHAR(100) NOT NULL,
    accepted_on DATE,
    last_comments TEXT NOT NULL,
    last_position BIGINT NOT NULL,
    PRIMARY KEY (report_id)
);

CREATE INDEX ix_report_state_inbox ON report_state (province_code, status);

CREATE INDEX ix_report_state_lao_code ON report_state (lao_code);

CREATE TABLE report_step (
    report_id VARCHAR(36) NOT NULL,
    version INTEGER NOT NULL,
    step VARCHAR(20) NOT NULL,
    user_id VARCHAR(100) NOT NULL,
    role VARCHAR(50) NOT NULL,
    business_date DATE NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    comments TEXT NOT NULL,
    PRIMARY KEY (report_id, version)
);

CREATE TABLE stage_count (
    province_code VARCHAR(10) NOT NULL,
    lao_type VARCHAR(40) NOT NULL,
    fiscal_year INTEGER NOT NULL,
    budget_group VARCHAR(40) NOT NULL,
    method VARCHAR(40) NOT NULL,
    stage VARCHAR(40) NOT NULL,
    projects INTEGER NOT NULL,
    budget_amount NUMERIC(18, 2) NOT NULL,
    contract_amount NUMERIC(18, 2) NOT NULL,
    paid NUMERIC(18, 2) NOT NULL,
    PRIMARY KEY (province_code, lao_type, fiscal_year, budget_group, method, stage)
);
