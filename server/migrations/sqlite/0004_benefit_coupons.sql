-- Coupons that tier and birthday benefits issue automatically: data, one row per benefit.
-- period: 'year' or 'month' (one coupon per member per period, valid to the period's end).
CREATE TABLE benefit_coupons (
    id            TEXT PRIMARY KEY,
    tier_code     TEXT NOT NULL REFERENCES tiers(code),
    birthday_only INTEGER NOT NULL DEFAULT 0,
    period        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    title_zh      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    value_fen     BIGINT,
    min_order_fen BIGINT
);

INSERT INTO benefit_coupons VALUES
 ('bronze-birthday', 'bronze', 1, 'year', 'drug_coupon', '¥10 生日无门槛券', '¥10 birthday coupon, no minimum', 1000, NULL),
 ('silver-free-delivery', 'silver', 0, 'year', 'free_delivery', '年度免运费券', 'Yearly free delivery', NULL, NULL),
 ('silver-10-off-99', 'silver', 0, 'month', 'drug_coupon', '满 ¥99 减 ¥10', '¥10 off orders of ¥99+', 1000, 9900),
 ('gold-consult', 'gold', 0, 'month', 'health_service', '药师一对一咨询（本月）', '1-to-1 pharmacist consultation (this month)', NULL, NULL),
 ('gold-checkup', 'gold', 0, 'year', 'health_service', '年度健康体检', 'Annual health check-up', NULL, NULL);
