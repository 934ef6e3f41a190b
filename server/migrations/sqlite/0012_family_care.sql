-- Dependants: people without a phone of their own (an elderly parent) whose schedule and
-- health profile a member manages. They never sign in: their phone column holds a
-- placeholder ("dependant:<id>") that is not a phone number, so no code can be sent to it.
-- Deleting the managing member deletes them.
ALTER TABLE members ADD COLUMN managed_by TEXT REFERENCES members(id) ON DELETE CASCADE;

-- A one-time code a member (or the manager of a dependant) gives a caregiver; hashed,
-- single use, short-lived.
CREATE TABLE care_invitations (
    code_hash  TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    invited_by TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    permission TEXT NOT NULL, -- read | log
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

-- A caregiver may see (and, with "log", record doses on) the subject's schedule until revoked.
CREATE TABLE care_grants (
    id           TEXT PRIMARY KEY,
    subject_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    caregiver_id TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    permission   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX care_grants_caregiver ON care_grants(caregiver_id, subject_id);
CREATE INDEX care_grants_subject ON care_grants(subject_id);

-- Every access by a caregiver, for the subject (or their manager) to read.
CREATE TABLE care_access (
    id       TEXT PRIMARY KEY,
    grant_id TEXT NOT NULL REFERENCES care_grants(id) ON DELETE CASCADE,
    action   TEXT NOT NULL, -- view | log_dose | undo_dose
    at       BIGINT NOT NULL
);
CREATE INDEX care_access_grant ON care_access(grant_id, at);
