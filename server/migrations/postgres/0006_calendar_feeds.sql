-- A private calendar subscription per member: phone calendars fetch it without cookies, so
-- the URL carries a random token. Only its hash is stored; rotating or deleting the row
-- revokes every copy of the old link.
CREATE TABLE calendar_feeds (
    member_id  TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
