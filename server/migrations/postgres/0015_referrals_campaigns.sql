-- Bring a friend (老带新): each member's invite code (made when first asked for), who joined
-- through whom (one referrer per member, ever), and the numbers of deleted accounts (keyed
-- hashes, never the number) so a returning number does not earn a voucher.
ALTER TABLE members ADD COLUMN referral_code TEXT;
CREATE UNIQUE INDEX members_referral_code ON members (referral_code);

CREATE TABLE referrals (
    referee_id    TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    referrer_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    phone_masked  TEXT NOT NULL,
    joined_at     BIGINT NOT NULL,
    state         TEXT NOT NULL,   -- pending_first_order | awarded | not_eligible
    reason        TEXT,
    order_id      TEXT,            -- the order that decided it
    coupon_id     TEXT,            -- the referrer's voucher
    decided_at    BIGINT
);
CREATE INDEX referrals_referrer ON referrals (referrer_id, joined_at);

CREATE TABLE former_members (
    phone_key TEXT PRIMARY KEY,
    left_at   BIGINT NOT NULL
);

-- Orders the shop refunded or cancelled after reporting them complete.
CREATE TABLE refunded_orders (
    order_id    TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL,
    refunded_at BIGINT NOT NULL
);

-- Campaigns as data: this month's chronic-care subsidies and test-plus-purchase bundles.
CREATE TABLE campaigns (
    id                TEXT PRIMARY KEY,
    title_zh          TEXT NOT NULL,
    title_en          TEXT NOT NULL,
    starts_at         BIGINT NOT NULL,
    ends_at           BIGINT NOT NULL,
    targets           TEXT NOT NULL,   -- comma-separated drug classes or generic names
    deal              TEXT NOT NULL,   -- JSON (api::campaigns::Deal)
    budget            BIGINT NOT NULL,
    claimed           BIGINT NOT NULL DEFAULT 0,
    coupon_valid_days BIGINT NOT NULL,
    created_at        BIGINT NOT NULL
);

CREATE TABLE campaign_claims (
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    coupon_id   TEXT NOT NULL,
    claimed_at  BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, member_id)
);
