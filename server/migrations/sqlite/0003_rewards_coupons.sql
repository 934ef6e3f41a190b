-- Rewards catalogue, coupon wallet and idempotent requests (issue: points, tiers, rewards).

-- Platform catalogue defaults: data, editable without a release.
CREATE TABLE rewards (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,          -- drug_coupon | free_delivery | health_service
    name_zh          TEXT NOT NULL,
    name_en          TEXT NOT NULL,
    description_zh   TEXT NOT NULL,
    description_en   TEXT NOT NULL,
    points_cost      BIGINT NOT NULL CHECK (points_cost > 0),
    stock            BIGINT,                 -- NULL: unlimited
    per_member_limit INTEGER,                -- NULL: no limit
    value_fen        BIGINT,                 -- coupon face value, if any
    min_order_fen    BIGINT,                 -- order threshold, if any
    valid_days       INTEGER NOT NULL,
    sort_order       INTEGER NOT NULL,
    active           INTEGER NOT NULL DEFAULT 1
);

INSERT INTO rewards VALUES
 ('coupon-10', 'drug_coupon', '¥10 药品券', '¥10 drug coupon', '药品订单满 ¥59 可用', 'For drug orders of ¥59 or more',
  500, NULL, 5, 1000, 5900, 90, 1, 1),
 ('coupon-30', 'drug_coupon', '¥30 药品券', '¥30 drug coupon', '药品订单满 ¥199 可用', 'For drug orders of ¥199 or more',
  1500, NULL, 3, 3000, 19900, 90, 2, 1),
 ('free-delivery', 'free_delivery', '免运费券', 'Free delivery voucher', '任意订单免配送费一次', 'One delivery free on any order',
  300, NULL, 10, NULL, NULL, 60, 3, 1),
 ('online-consult', 'health_service', '在线问诊一次', 'One online consultation', '合作互联网医院医生在线问诊 1 次', 'One online consultation with a partner internet-hospital doctor',
  2000, 50, 1, NULL, NULL, 180, 4, 1),
 ('bp-check', 'health_service', '门店血压血糖检测', 'In-store BP and glucose check', '任一门店免费检测血压、血糖各一次', 'One free blood-pressure and glucose check at any store',
  800, 20, 2, NULL, NULL, 90, 5, 1);

CREATE TABLE coupons (
    id            TEXT PRIMARY KEY,
    member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    source        TEXT NOT NULL,             -- redeem | tier | birthday
    reward_id     TEXT REFERENCES rewards(id),
    kind          TEXT NOT NULL,
    title_zh      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    value_fen     BIGINT,
    min_order_fen BIGINT,
    valid_from    BIGINT NOT NULL,
    valid_until   BIGINT NOT NULL,
    used_at       BIGINT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX coupons_member ON coupons(member_id, created_at);
CREATE INDEX coupons_member_reward ON coupons(member_id, reward_id);

-- A retried request with the same key gets the first answer again (shared by all instances).
CREATE TABLE idempotency_keys (
    member_id     TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    response_body TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (member_id, idem_key)
);

-- Birthday as MM-DD (the year is not needed for birthday-month benefits: minimum data).
ALTER TABLE members ADD COLUMN birthday_mmdd TEXT;
-- Bumped at the start of every points-spending transaction: serialises one member's spends
-- (a row lock on PostgreSQL, the write lock on SQLite).
ALTER TABLE members ADD COLUMN points_version BIGINT NOT NULL DEFAULT 0;
-- What a ledger entry refers to (the coupon a redemption bought).
ALTER TABLE points_ledger ADD COLUMN ref TEXT;
