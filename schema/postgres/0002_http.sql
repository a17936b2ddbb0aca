-- Tables of the HTTP service in the views' database (PostgreSQL): idempotency keys.
-- Generated from budget/http/idempotency.py; a test keeps the two equal. A change is a
-- new numbered file, never an edit here.

CREATE TABLE http_idempotency_key (
    user_id VARCHAR(100) NOT NULL,
    key VARCHAR(200) NOT NULL,
    request_hash VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status INTEGER,
    headers TEXT,
    body BYTEA,
    PRIMARY KEY (user_id, key)
);
