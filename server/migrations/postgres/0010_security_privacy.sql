-- Brute-force limits shared by every instance: one fixed window per bucket
-- ("code:phone:<hash>", "login:ip:<ip>" …). Keys hold hashes, never phone numbers.
CREATE TABLE rate_limits (
    bucket       TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL
);

-- PIPL consent: which privacy-policy version the member accepted, and when; marketing is
-- opt-in (off until the member turns it on).
ALTER TABLE members ADD COLUMN consent_version TEXT;
ALTER TABLE members ADD COLUMN consent_at BIGINT;
ALTER TABLE members ADD COLUMN marketing INTEGER NOT NULL DEFAULT 0;

-- Who read or acted on which prescription. No foreign key: the trail outlives the
-- prescription (an account deletion removes the prescription, not the record that a
-- pharmacist once opened it). Holds ids only, never the prescription's content.
CREATE TABLE prescription_access (
    id              TEXT PRIMARY KEY,
    prescription_id TEXT NOT NULL,
    owner_id        TEXT NOT NULL,
    actor_kind      TEXT NOT NULL, -- member | admin
    actor           TEXT NOT NULL, -- member id, or "admin"
    action          TEXT NOT NULL, -- view | page | review_queue | decide | export
    at              BIGINT NOT NULL
);
CREATE INDEX prescription_access_rx ON prescription_access(prescription_id, at);
CREATE INDEX prescription_access_owner ON prescription_access(owner_id, at);
