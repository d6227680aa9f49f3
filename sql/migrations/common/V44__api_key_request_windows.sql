-- V44: the request counters behind API keys' rate_limit, shared by every instance of the CRUD service (service/).
--
-- Each instance used to count in its own memory, so N instances behind a load balancer allowed N times a key's limit.
-- The database is the one thing they all share: a request adds one to each of its key's current fixed windows (a
-- minute, an hour and a day of the wall clock, aligned to the epoch) in one INSERT ... ON CONFLICT DO UPDATE, and is
-- refused once a window's count passes the key's limit. Rows of past windows are deleted by that same statement for
-- its own key, and for keys no longer used by a periodic sweep of the service.
--
-- Like keyring (V42) it lives outside the document's thirteen schemas on purpose: it is the service's machinery, not
-- part of the platform's data model, and it stays a plain local table on Citus (only the service, on the
-- coordinator, reads and writes it). For the same reason it holds no foreign key to security.api_keys (a reference
-- table on Citus, which a local table cannot reference): windows of a deleted key simply expire and are swept.
--
-- Only the service's own connection (the table owner) touches it, before a request drops to application_role or
-- admin_role. Neither role is granted anything on it, and row-level security with no policy denies every row to any
-- role it might be granted to later: a tenant's request can neither read nor change another key's counts.
CREATE SCHEMA IF NOT EXISTS ratelimit;
CREATE TABLE ratelimit.api_key_request_windows (
    api_key_id UUID NOT NULL,                          -- security.api_keys.id
    window_seconds INTEGER NOT NULL CHECK (window_seconds IN (60, 3600, 86400)),
    window_start TIMESTAMPTZ NOT NULL,                 -- a multiple of window_seconds since the epoch
    requests BIGINT NOT NULL CHECK (requests > 0),     -- requests admitted in the window
    PRIMARY KEY (api_key_id, window_seconds, window_start)
);
ALTER TABLE ratelimit.api_key_request_windows ENABLE ROW LEVEL SECURITY;
