//! Rewards catalogue, redemption and the coupon wallet.
//!
//! A redemption is one transaction that first bumps the member's `points_version` (taking
//! SQLite's write lock, or the member's row lock on PostgreSQL), so two spends of one member
//! never interleave; the balance rule itself is `api::points::balance_at`. The request's
//! idempotency key is stored with the answer in the same transaction: a retry returns the
//! first answer and never charges twice.
use api::error::codes;
use api::rewards::{check_redeem, coupon_status, Coupon, RedeemResponse, Refusal, Reward};
use sha2::{Digest, Sha256};

use crate::http::error::{Error, Result};
use crate::store::{new_id, now, Db};

const DAY: i64 = 86_400;

#[derive(sqlx::FromRow)]
struct RewardRow {
    id: String,
    kind: String,
    name_zh: String,
    name_en: String,
    description_zh: String,
    description_en: String,
    points_cost: i64,
    stock: Option<i64>,
    per_member_limit: Option<i32>,
    value_fen: Option<i64>,
    min_order_fen: Option<i64>,
    valid_days: i32,
    redeemed_by_me: i32,
}

const REWARD_SELECT: &str = "SELECT r.id, r.kind, r.name_zh, r.name_en, r.description_zh, r.description_en,
       r.points_cost, r.stock, r.per_member_limit, r.value_fen, r.min_order_fen, r.valid_days,
       (SELECT COUNT(*) FROM coupons c WHERE c.member_id = $1 AND c.reward_id = r.id) AS redeemed_by_me
     FROM rewards r WHERE r.active = 1";

impl From<RewardRow> for Reward {
    fn from(r: RewardRow) -> Self {
        Reward {
            id: r.id,
            kind: r.kind,
            name_zh: r.name_zh,
            name_en: r.name_en,
            description_zh: r.description_zh,
            description_en: r.description_en,
            points_cost: r.points_cost,
            stock: r.stock,
            per_member_limit: r.per_member_limit,
            redeemed_by_me: r.redeemed_by_me,
            valid_days: r.valid_days,
        }
    }
}

/// The active catalogue, with what this member already redeemed.
pub async fn catalogue(db: &Db, member_id: &str) -> Result<Vec<Reward>> {
    let rows: Vec<RewardRow> =
        sqlx::query_as(&format!("{REWARD_SELECT} ORDER BY r.sort_order, r.id")).bind(member_id).fetch_all(db).await?;
    Ok(rows.into_iter().map(Reward::from).collect())
}

#[derive(sqlx::FromRow)]
struct CouponRow {
    id: String,
    source: String,
    kind: String,
    title_zh: String,
    title_en: String,
    value_fen: Option<i64>,
    min_order_fen: Option<i64>,
    valid_from: i64,
    valid_until: i64,
    used_at: Option<i64>,
}

impl CouponRow {
    fn into_coupon(self, now: i64) -> Coupon {
        Coupon {
            status: coupon_status(self.used_at, self.valid_until, now),
            id: self.id,
            source: self.source,
            kind: self.kind,
            title_zh: self.title_zh,
            title_en: self.title_en,
            value_fen: self.value_fen,
            min_order_fen: self.min_order_fen,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
        }
    }
}

/// The member's coupons: usable ones first (soonest to expire first), then used and expired.
pub async fn wallet(db: &Db, member_id: &str) -> Result<Vec<Coupon>> {
    let rows: Vec<CouponRow> = sqlx::query_as(
        "SELECT id, source, kind, title_zh, title_en, value_fen, min_order_fen, valid_from, valid_until, used_at
         FROM coupons WHERE member_id = $1 ORDER BY valid_until, id",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    let t = now();
    let mut coupons: Vec<Coupon> = rows.into_iter().map(|r| r.into_coupon(t)).collect();
    coupons.sort_by_key(|c| c.status != api::rewards::CouponStatus::Active);
    Ok(coupons)
}

fn request_hash(reward_id: &str) -> String {
    hex::encode(Sha256::digest(format!("redeem:{reward_id}").as_bytes()))
}

/// The stored answer for (member, key), if this key was used before.
async fn replay<'e>(
    ex: impl sqlx::any::AnyExecutor<'e>,
    member_id: &str,
    key: &str,
    hash: &str,
) -> Result<Option<RedeemResponse>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT request_hash, response_body FROM idempotency_keys WHERE member_id = $1 AND idem_key = $2",
    )
    .bind(member_id)
    .bind(key)
    .fetch_optional(ex)
    .await?;
    match row {
        None => Ok(None),
        Some((stored, _)) if stored != hash => Err(Error::Unprocessable {
            code: codes::IDEMPOTENCY_KEY_REUSED,
            message: "this Idempotency-Key was already used for a different request".into(),
        }),
        Some((_, body)) => Ok(Some(serde_json::from_str(&body).map_err(anyhow::Error::from)?)),
    }
}

fn refusal(r: Refusal) -> Error {
    let (code, message) = match r {
        Refusal::InsufficientPoints => (codes::INSUFFICIENT_POINTS, "not enough points for this reward"),
        Refusal::OutOfStock => (codes::OUT_OF_STOCK, "this reward is sold out"),
        Refusal::LimitReached => (codes::LIMIT_REACHED, "you have redeemed this reward as often as allowed"),
    };
    Error::Conflict { code, message: message.into() }
}

/// Redeems `reward_id` for the member, exactly once per idempotency key.
pub async fn redeem(db: &Db, member_id: &str, reward_id: &str, key: &str) -> Result<RedeemResponse> {
    let hash = request_hash(reward_id);
    if let Some(previous) = replay(db, member_id, key, &hash).await? {
        return Ok(previous);
    }
    let mut tx = db.begin().await?;
    // First statement writes: takes the lock before anything is read (no lock upgrade later).
    sqlx::query("UPDATE members SET points_version = points_version + 1 WHERE id = $1")
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    // A duplicate that committed while we waited for the lock wins; answer as it did.
    if let Some(previous) = replay(&mut *tx, member_id, key, &hash).await? {
        return Ok(previous);
    }
    let reward: RewardRow = sqlx::query_as(&format!("{REWARD_SELECT} AND r.id = $2"))
        .bind(member_id)
        .bind(reward_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("reward"))?;
    let t = now();
    let balance = api::points::balance_at(&crate::loyalty::data::ledger(&mut *tx, member_id).await?, t);
    check_redeem(balance, reward.points_cost, reward.stock, reward.per_member_limit, reward.redeemed_by_me)
        .map_err(refusal)?;
    if reward.stock.is_some() {
        // Guarded decrement: other members' redemptions of the last item cannot oversell it.
        let taken = sqlx::query("UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND stock > 0")
            .bind(reward_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if taken == 0 {
            return Err(refusal(Refusal::OutOfStock));
        }
    }
    let coupon = CouponRow {
        id: new_id(),
        source: "redeem".into(),
        kind: reward.kind.clone(),
        title_zh: reward.name_zh.clone(),
        title_en: reward.name_en.clone(),
        value_fen: reward.value_fen,
        min_order_fen: reward.min_order_fen,
        valid_from: t,
        valid_until: t + i64::from(reward.valid_days) * DAY,
        used_at: None,
    };
    sqlx::query(
        "INSERT INTO coupons (id, member_id, source, reward_id, kind, title_zh, title_en, value_fen, min_order_fen,
                              valid_from, valid_until, created_at)
         VALUES ($1, $2, 'redeem', $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&coupon.id)
    .bind(member_id)
    .bind(reward_id)
    .bind(&coupon.kind)
    .bind(&coupon.title_zh)
    .bind(&coupon.title_en)
    .bind(coupon.value_fen)
    .bind(coupon.min_order_fen)
    .bind(coupon.valid_from)
    .bind(coupon.valid_until)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let description = format!("兑换：{}", reward.name_zh);
    let entry = crate::loyalty::data::NewEntry {
        id: new_id(),
        member_id,
        kind: "redeem",
        points: -reward.points_cost,
        description: &description,
        created_at: t,
        expires_at: None,
        reference: Some(&coupon.id),
    };
    crate::loyalty::data::append_ledger(&mut *tx, &entry).await?;
    let response = RedeemResponse { coupon: coupon.into_coupon(t), balance: balance - reward.points_cost };
    sqlx::query(
        "INSERT INTO idempotency_keys (member_id, idem_key, request_hash, response_body, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(member_id)
    .bind(key)
    .bind(&hash)
    .bind(serde_json::to_string(&response).map_err(anyhow::Error::from)?)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(response)
}

/// A coupon granted by a rule (a referral voucher, a welcome coupon, a campaign's).
pub(crate) struct Grant<'a> {
    /// Derived from what earned it, so a repeat grants nothing.
    pub id: &'a str,
    pub member_id: &'a str,
    pub source: &'a str,
    pub kind: &'a str,
    pub titles: (&'a str, &'a str),
    pub value_fen: Option<i64>,
    pub min_order_fen: Option<i64>,
    pub valid_from: i64,
    pub valid_until: i64,
}

/// Puts a granted coupon in the wallet, inside the caller's transaction; idempotent by id.
pub(crate) async fn grant(tx: &mut sqlx::AnyConnection, g: &Grant<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO coupons (id, member_id, source, reward_id, kind, title_zh, title_en, value_fen, min_order_fen,
                              valid_from, valid_until, created_at)
         VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, $9) ON CONFLICT (id) DO NOTHING",
    )
    .bind(g.id)
    .bind(g.member_id)
    .bind(g.source)
    .bind(g.kind)
    .bind(g.titles.0)
    .bind(g.titles.1)
    .bind(g.value_fen)
    .bind(g.min_order_fen)
    .bind(g.valid_from)
    .bind(g.valid_until)
    .execute(tx)
    .await?;
    Ok(())
}
