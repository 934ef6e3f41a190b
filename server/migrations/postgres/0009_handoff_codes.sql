-- One-time codes the mini-program's backend asks for (admin credential) for a member it has
-- already identified through WeChat; the portal exchanges one for a session. Only the hash
-- is stored; a code is spent by setting used_at in the same statement that checks it.
CREATE TABLE handoff_codes (
    code_hash  TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
