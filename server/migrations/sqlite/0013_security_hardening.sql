-- Lookup hashes of phone numbers and addresses are keyed (HMAC-SHA-256 under --hash-key)
-- from here on. Rows hashed the old way are dropped, not converted (a plain hash cannot be
-- re-keyed without the number): pending login codes live 5 minutes (the member asks for a
-- new one) and rate-limit windows an hour at most.

-- Pending codes are keyed by the hash of the number, not the number: codes are also sent
-- to numbers that are not members.
DROP TABLE login_codes;
CREATE TABLE login_codes (
    phone_key  TEXT PRIMARY KEY,
    code_hash  TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    issued_at  BIGINT NOT NULL DEFAULT 0
);

-- Caregiver codes (10 characters, 24 hours) are keyed too: unspent ones hashed the old way
-- can no longer be matched and are dropped (the member makes a new code).
DELETE FROM care_invitations WHERE used_at IS NULL;

-- Sliding windows: one row per request let through; a bucket's row in rate_limits is the
-- lock that orders parallel requests for it.
DROP TABLE rate_limits;
CREATE TABLE rate_limits (
    bucket     TEXT PRIMARY KEY,
    touched_at BIGINT NOT NULL
);
CREATE TABLE rate_limit_hits (
    bucket TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX rate_limit_hits_bucket_at ON rate_limit_hits (bucket, at);

-- One open survey invitation per member: two /surveys/next at the same instant cannot both
-- create one. `pending` is 1 while the invitation waits for an answer, NULL after.
ALTER TABLE survey_invitations ADD COLUMN pending INTEGER;
CREATE UNIQUE INDEX survey_invitations_one_pending ON survey_invitations (member_id) WHERE pending = 1;

-- Stored files no committed row owns (an upload in progress, a deleted account's files):
-- what a crash leaves here is swept (src/pending_files.rs).
CREATE TABLE pending_files (
    file       TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL
);
