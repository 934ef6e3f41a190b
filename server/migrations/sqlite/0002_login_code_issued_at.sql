-- When the current code was sent: a new one is refused for a minute (no SMS bombing).
ALTER TABLE login_codes ADD COLUMN issued_at BIGINT NOT NULL DEFAULT 0;
