-- The member's health profile (健康档案): every field optional, held only with consent to
-- its stated purpose (recorded with the text shown). One JSON document per member.
CREATE TABLE health_profiles (
    member_id     TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    profile       TEXT NOT NULL,
    consent_text  TEXT NOT NULL,
    consented_at  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- Questions to a pharmacist ("ask a pharmacist", often from a safety warning) and replies.
CREATE TABLE consultations (
    id              TEXT PRIMARY KEY,
    member_id       TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    question        TEXT NOT NULL,
    medicines       TEXT NOT NULL,
    warning         TEXT,
    created_at      BIGINT NOT NULL,
    reply_due       BIGINT NOT NULL,
    reply           TEXT,
    replied_at      BIGINT,
    UNIQUE (member_id, idempotency_key)
);
CREATE INDEX consultations_member_time ON consultations(member_id, created_at);
CREATE INDEX consultations_open_due ON consultations(replied_at, reply_due);
