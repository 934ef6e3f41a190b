-- Staff accounts for the console (药师工作台): each with one role, signing in with their own
-- phone and an SMS code. The shop's machine credential (the admin token) stays for orders,
-- members and hand-off codes only.
CREATE TABLE staff (
    id          TEXT PRIMARY KEY,
    phone       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    disabled_at BIGINT
);

-- Like members' sessions; `seen_at` is set while the console polls the review queue (not at
-- sign-in: a token used only through the API is no one on duty).
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id   TEXT NOT NULL REFERENCES staff(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    seen_at    BIGINT
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- A pharmacist's claim on a prescription in review: a lease, so two cannot decide it and a
-- closed tab frees it.
ALTER TABLE prescriptions ADD COLUMN claimed_by TEXT;
ALTER TABLE prescriptions ADD COLUMN claim_expires_at BIGINT;

-- Staff reads and answers of member data outside prescriptions (which have their own trail,
-- prescription_access, where staff appear as actor_kind 'staff' with their id).
CREATE TABLE staff_access (
    id       TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX staff_access_subject ON staff_access (subject, at);

-- An editor can take an article (one language version) offline; publishing it again clears it.
ALTER TABLE articles ADD COLUMN unpublished_at BIGINT;
