//! Issues the coupons that tier and birthday benefits promise (`benefit_coupons` data): one per
//! member per period, valid to the end of that period in the member's home zone. Coupon ids
//! are derived from (benefit, member, period), so repeated or concurrent runs issue each once.
use time::{Date, Month, OffsetDateTime, UtcOffset};

use crate::http::error::Result;
use crate::loyalty::data;
use crate::store::{now, Db};

#[derive(sqlx::FromRow)]
struct Benefit {
    id: String,
    tier_code: String,
    /// 0 or 1 (flags are integers in both dialects).
    birthday_only: i64,
    period: String,
    kind: String,
    title_zh: String,
    title_en: String,
    value_fen: Option<i64>,
    min_order_fen: Option<i64>,
}

/// `(period key, start, end)` of the year or month containing `t` in `zone`.
fn period(kind: &str, t: i64, zone: UtcOffset) -> (String, i64, i64) {
    let local = OffsetDateTime::from_unix_timestamp(t).unwrap_or(OffsetDateTime::UNIX_EPOCH).to_offset(zone);
    let (y, m) = (local.year(), local.month());
    let at = |y: i32, m: Month| {
        Date::from_calendar_date(y, m, 1).expect("valid").midnight().assume_offset(zone).unix_timestamp()
    };
    if kind == "month" {
        let (ny, nm) = if m == Month::December { (y + 1, Month::January) } else { (y, m.next()) };
        (format!("{y}-{:02}", m as u8), at(y, m), at(ny, nm) - 1)
    } else {
        (y.to_string(), at(y, Month::January), at(y + 1, Month::January) - 1)
    }
}

async fn benefits(db: &Db) -> Result<Vec<Benefit>> {
    Ok(sqlx::query_as(
        "SELECT id, tier_code, birthday_only, period, kind, title_zh, title_en, value_fen, min_order_fen
         FROM benefit_coupons",
    )
    .fetch_all(db)
    .await?)
}

/// Issues every coupon due now to every member who can shop (dependants never sign in or
/// buy); returns how many were new.
pub async fn issue_due(db: &Db) -> Result<u64> {
    let benefits = benefits(db).await?;
    let members: Vec<String> =
        sqlx::query_scalar("SELECT id FROM members WHERE managed_by IS NULL").fetch_all(db).await?;
    let mut issued = 0;
    for member_id in members {
        issued += issue(db, &benefits, &member_id).await?;
    }
    Ok(issued)
}

/// Issues the coupons now due to one member (e.g. right after an order changed the tier).
pub async fn issue_due_for(db: &Db, member_id: &str) -> Result<u64> {
    issue(db, &benefits(db).await?, member_id).await
}

async fn issue(db: &Db, benefits: &[Benefit], member_id: &str) -> Result<u64> {
    let t = now();
    let row = data::member(db, member_id).await?;
    let tier = data::tier_status(db, member_id, row.utc_offset_minutes).await?;
    let birthday = api::member::is_birthday_month(row.birthday_mmdd.as_deref(), row.local_month());
    let zone = data::offset(row.utc_offset_minutes);
    let mut issued = 0;
    for b in benefits.iter().filter(|b| b.tier_code == tier.current.code && (b.birthday_only == 0 || birthday)) {
        let (key, start, end) = period(&b.period, t, zone);
        issued += sqlx::query(
            "INSERT INTO coupons (id, member_id, source, reward_id, kind, title_zh, title_en, value_fen,
                                  min_order_fen, valid_from, valid_until, created_at)
             VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING",
        )
        .bind(format!("benefit:{}:{member_id}:{key}", b.id))
        .bind(member_id)
        .bind(if b.birthday_only != 0 { "birthday" } else { "tier" })
        .bind(&b.kind)
        .bind(&b.title_zh)
        .bind(&b.title_en)
        .bind(b.value_fen)
        .bind(b.min_order_fen)
        .bind(start)
        .bind(end)
        .bind(t)
        .execute(db)
        .await?
        .rows_affected();
    }
    Ok(issued)
}

#[cfg(test)]
mod tests {
    use super::period;
    use time::macros::datetime;
    use time::UtcOffset;

    #[test]
    fn periods_follow_the_home_zone_calendar() {
        let china = UtcOffset::from_hms(8, 0, 0).unwrap();
        // 2026-11-30 20:00 UTC is already 1 December in China.
        let t = datetime!(2026-11-30 20:00 UTC).unix_timestamp();
        let (key, start, end) = period("month", t, china);
        assert_eq!(key, "2026-12");
        assert_eq!(start, datetime!(2026-12-01 00:00 +8).unix_timestamp());
        assert_eq!(end, datetime!(2026-12-31 23:59:59 +8).unix_timestamp());
        let (key, _, end) = period("year", t, china);
        assert_eq!((key.as_str(), end), ("2026", datetime!(2026-12-31 23:59:59 +8).unix_timestamp()));
    }
}
