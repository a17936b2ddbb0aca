-- Logins of the HTTP service in the views' database (PostgreSQL): sessions (token
-- digests only) and the brake's counts of failed logins. Generated from
-- budget/http/sessions.py; a test keeps the two equal. A change is a new numbered file.

CREATE TABLE http_login_bucket (
    client VARCHAR(100) NOT NULL,
    level DOUBLE PRECISION NOT NULL,
    at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (client)
);

CREATE TABLE http_login_failure (
    kind VARCHAR(10) NOT NULL,
    key VARCHAR(400) NOT NULL,
    count INTEGER NOT NULL,
    last_at DOUBLE PRECISION NOT NULL,
    locked_until DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (kind, key)
);

CREATE TABLE http_session (
    token_digest VARCHAR(64) NOT NULL,
    username VARCHAR(100) NOT NULL,
    display_name TEXT NOT NULL,
    role VARCHAR(40) NOT NULL,
    acting_for VARCHAR(20) NOT NULL,
    password_mark VARCHAR(64) NOT NULL,
    account_version INTEGER NOT NULL,
    expires_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (token_digest)
);

CREATE INDEX ix_http_session_expires_at ON http_session (expires_at);

CREATE INDEX ix_http_session_username ON http_session (username);
