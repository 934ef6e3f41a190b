-- Prescription upload, OCR hand-off and pharmacist review.
ALTER TABLE prescriptions ADD COLUMN idempotency_key TEXT;
-- RxFields JSON as OCR read them, and as the member confirmed them.
ALTER TABLE prescriptions ADD COLUMN ocr_fields TEXT;
ALTER TABLE prescriptions ADD COLUMN confirmed_fields TEXT;
ALTER TABLE prescriptions ADD COLUMN rejection_code TEXT;
ALTER TABLE prescriptions ADD COLUMN submitted_at BIGINT;
ALTER TABLE prescriptions ADD COLUMN decided_at BIGINT;
-- Set once, when the approved drugs were added to the schedule (a repeat adds nothing).
ALTER TABLE prescriptions ADD COLUMN scheduled_at BIGINT;
CREATE UNIQUE INDEX prescriptions_idempotency ON prescriptions(member_id, idempotency_key);

-- One row per uploaded page; `file` is a random name under <data dir>/uploads.
CREATE TABLE prescription_pages (
    prescription_id TEXT NOT NULL REFERENCES prescriptions(id) ON DELETE CASCADE,
    n               INTEGER NOT NULL,
    file            TEXT NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    PRIMARY KEY (prescription_id, n)
);

-- The status timeline.
-- `rowid` mirrors SQLite's implicit one: events at the same second keep their order.
CREATE TABLE prescription_events (
    rowid           BIGINT GENERATED ALWAYS AS IDENTITY,
    prescription_id TEXT NOT NULL REFERENCES prescriptions(id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX prescription_events_rx ON prescription_events(prescription_id, at);

-- The OCR queue. A worker leases a job and renews the lease while it works; a job whose
-- lease ran out (its worker died) is picked up again.
CREATE TABLE ocr_jobs (
    prescription_id TEXT PRIMARY KEY REFERENCES prescriptions(id) ON DELETE CASCADE,
    state           TEXT NOT NULL, -- queued | running | done | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    lease_until     BIGINT,
    created_at      BIGINT NOT NULL,
    last_error      TEXT
);
CREATE INDEX ocr_jobs_state ON ocr_jobs(state, created_at);
