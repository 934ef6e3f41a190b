//! Earning points from completed orders: qualifying spend (the tier's basis) and points, with
//! the birthday-month multiplier and the expiry policy. Idempotent by the shop's order id.
use api::admin::{CompletedOrder, OrderCredited};
use api::error::codes;
use api::points::PointsRules;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::http::error::{Error, Result};
use crate::store::{new_id, now, Db};
use crate::{loyalty::data, AppState};

/// The platform's points rules (published to members on the rules page).
pub const RULES: PointsRules = PointsRules {
    points_per_yuan: 1,
    birthday_multiplier: 2,
    survey_points: 50,
    expire_end_of_following_year: true,
    expiring_warning_days: data::EXPIRING_WINDOW_SECS / 86_400,
};

/// Largest single order accepted (¥100,000): anything bigger is a data error upstream.
pub const MAX_ORDER_FEN: i64 = 10_000_000;

/// Points expire at the end of the calendar year after the one they were earned in, in the
/// member's home time zone.
pub fn points_expiry(earned_at: i64, zone: UtcOffset) -> i64 {
    let year = OffsetDateTime::from_unix_timestamp(earned_at).map(|t| t.to_offset(zone).year()).unwrap_or(2000);
    let date = Date::from_calendar_date(year + 1, Month::December, 31).expect("valid date");
    PrimitiveDateTime::new(date, Time::from_hms(23, 59, 59).expect("valid time")).assume_offset(zone).unix_timestamp()
}

/// Records the spend and the points in one transaction.
pub async fn credit_order(state: &AppState, order: &CompletedOrder) -> Result<OrderCredited> {
    let db: &Db = &state.db;
    if order.amount_fen <= 0 || order.amount_fen > MAX_ORDER_FEN {
        return Err(Error::bad_request(codes::BAD_REQUEST, "amount_fen must be between 1 and 10000000"));
    }
    if order.order_id.is_empty() || order.order_id.len() > 64 {
        return Err(Error::bad_request(codes::BAD_REQUEST, "order_id must be 1-64 characters"));
    }
    let member = data::member(db, &order.member_id).await?;
    let zone = data::offset(member.utc_offset_minutes);
    let t = now();
    let base = order.amount_fen / 100 * RULES.points_per_yuan;
    let birthday = api::member::is_birthday_month(member.birthday_mmdd.as_deref(), member.local_month());
    let bonus = if birthday { base * (RULES.birthday_multiplier - 1) } else { 0 };

    let mut tx = db.begin().await?;
    let spend_id = format!("order:{}", order.order_id);
    let inserted = sqlx::query(
        "INSERT INTO spend (id, member_id, amount_fen, occurred_at, description) VALUES ($1, $2, $3, $4, '药品订单')
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&spend_id)
    .bind(&order.member_id)
    .bind(order.amount_fen)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if inserted {
        let expires_at = points_expiry(t, zone);
        for (kind, points, text) in [("order", base, "订单积分"), ("birthday", bonus, "生日月双倍积分")] {
            if points == 0 {
                continue;
            }
            let entry = data::NewEntry {
                id: new_id(),
                member_id: &order.member_id,
                kind,
                points,
                description: text,
                created_at: t,
                expires_at: Some(expires_at),
                reference: Some(&spend_id),
            };
            data::append_ledger(&mut *tx, &entry).await?;
        }
        crate::loyalty::referrals::on_order(&mut tx, state, &order.member_id, &order.order_id, order.amount_fen)
            .await?;
    }
    tx.commit().await?;
    // A new tier's coupons arrive with the order that earned it, not at the next hourly pass.
    crate::loyalty::benefits::issue_due_for(db, &order.member_id).await?;
    let tier = data::tier_status(db, &order.member_id, member.utc_offset_minutes).await?;
    let (points, birthday_bonus) = if inserted { (base, bonus) } else { (0, 0) };
    Ok(OrderCredited { credited: inserted, points, birthday_bonus, tier })
}

/// The shop refunded or cancelled a completed order: its spend and points are taken back and a
/// referral voucher it earned is withdrawn if unused. Idempotent by order id.
pub async fn refund_order(state: &AppState, order_id: &str) -> Result<api::admin::OrderRefunded> {
    let spend_id = format!("order:{order_id}");
    let mut tx = state.db.begin().await?;
    let order: Option<(String, i64)> = sqlx::query_as("SELECT member_id, amount_fen FROM spend WHERE id = $1")
        .bind(&spend_id)
        .fetch_optional(&mut *tx)
        .await?;
    let (member_id, amount_fen) = order.ok_or(Error::NotFound("order"))?;
    let t = now();
    let fresh = sqlx::query(
        "INSERT INTO refunded_orders (order_id, member_id, refunded_at) VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING",
    )
    .bind(order_id)
    .bind(&member_id)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let mut points_reversed = 0;
    if fresh {
        sqlx::query("INSERT INTO spend (id, member_id, amount_fen, occurred_at, description) VALUES ($1, $2, $3, $4, '订单退款')")
            .bind(format!("refund:{order_id}"))
            .bind(&member_id)
            .bind(-amount_fen)
            .bind(t)
            .execute(&mut *tx)
            .await?;
        points_reversed = sqlx::query_scalar::<_, i64>(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM points_ledger WHERE ref = $1 AND points > 0",
        )
        .bind(&spend_id)
        .fetch_one(&mut *tx)
        .await?;
        if points_reversed > 0 {
            let entry = data::NewEntry {
                id: format!("refund:{order_id}"),
                member_id: &member_id,
                kind: "adjust",
                points: -points_reversed,
                description: "订单退款扣回积分",
                created_at: t,
                expires_at: None,
                reference: Some(&spend_id),
            };
            data::append_ledger(&mut *tx, &entry).await?;
        }
        crate::loyalty::referrals::on_refund(&mut tx, order_id).await?;
    }
    tx.commit().await?;
    Ok(api::admin::OrderRefunded { refunded: fresh, points_reversed })
}

/// Records every lot that expired unspent as an `expire` ledger entry (the balance already
/// leaves them out; this makes the loss visible in the member's history). Idempotent: the
/// entry id is derived from the earned entry, so several instances may run it at once.
pub async fn record_expiries(db: &Db) -> Result<u64> {
    let t = now();
    let members: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT member_id FROM points_ledger WHERE points > 0 AND expires_at IS NOT NULL AND expires_at <= $1",
    )
    .bind(t)
    .fetch_all(db)
    .await?;
    let mut written = 0;
    for member_id in members {
        let entries = data::ledger(db, &member_id).await?;
        for (lot_id, expired_at, points) in api::points::expired_unspent(&entries, t) {
            let entry = data::NewEntry {
                id: format!("expire:{lot_id}"),
                member_id: &member_id,
                kind: "expire",
                points: -points,
                description: "积分过期",
                created_at: expired_at,
                expires_at: None,
                reference: Some(&lot_id),
            };
            written += u64::from(data::append_ledger(db, &entry).await?);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_expire_at_the_end_of_the_following_year_in_the_home_zone() {
        let china = UtcOffset::from_hms(8, 0, 0).unwrap();
        // 2025-06-01 12:00 +08:00 → 2026-12-31 23:59:59 +08:00.
        let earned = time::macros::datetime!(2025-06-01 12:00 +8).unix_timestamp();
        let expected = time::macros::datetime!(2026-12-31 23:59:59 +8).unix_timestamp();
        assert_eq!(points_expiry(earned, china), expected);
        // 2025-12-31 20:00 UTC is already 2026 in China: expiry moves a year on.
        let new_year = time::macros::datetime!(2025-12-31 20:00 UTC).unix_timestamp();
        assert_eq!(points_expiry(new_year, china), time::macros::datetime!(2027-12-31 23:59:59 +8).unix_timestamp());
    }
}
