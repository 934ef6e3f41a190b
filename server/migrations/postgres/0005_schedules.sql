-- Medication schedules and the dose log.

-- Schedules are pinned to wall-clock time in the member's home zone: an IANA name, so DST
-- is handled (a fixed offset is not enough for members in zones that change).
ALTER TABLE members ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai';

-- The first table held display strings only; no member data existed outside dev seeds.
DROP TABLE medications;

CREATE TABLE medications (
    id                TEXT PRIMARY KEY,
    member_id         TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    spec              TEXT NOT NULL,   -- api::schedule::MedicationSpec as JSON
    supply_counted_at BIGINT,          -- when spec.supply_on_hand was counted
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    deleted_at        BIGINT           -- kept for the dose history and adherence
);
CREATE INDEX medications_member ON medications(member_id);

-- Ids come from the device, so a replayed log (retry, offline outbox) is stored once.
-- An undo keeps the row (undone_at) so a late replay of the same log cannot revive it.
CREATE TABLE dose_logs (
    member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    medication_id TEXT NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
    scheduled_at  BIGINT,
    action        TEXT NOT NULL,
    at            BIGINT NOT NULL,
    amount        DOUBLE PRECISION NOT NULL,
    created_at    BIGINT NOT NULL,
    undone_at     BIGINT,
    PRIMARY KEY (member_id, id)
);
CREATE INDEX dose_logs_member_at ON dose_logs(member_id, at);
CREATE INDEX dose_logs_occurrence ON dose_logs(medication_id, scheduled_at);
