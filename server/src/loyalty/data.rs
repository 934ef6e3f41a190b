//! Reads behind the member's screens. Handlers stay thin; SQL lives here.
use api::points::LedgerEntry;
use api::tier::{Tier, TierStatus};
use time::{Date, Month, OffsetDateTime, UtcOffset};

use crate::http::error::{Error, Result};
use crate::store::Db;

/// Name and home-zone offset of a member.
pub struct MemberRow {
    pub name: String,
    pub phone: String,
    pub utc_offset_minutes: i32,
    pub birthday_mmdd: Option<String>,
    /// The privacy-policy version the member accepted, if any.
    pub consent_version: Option<String>,
}

impl MemberRow {
    /// The member's current month (1–12) in their home time zone.
    pub fn local_month(&self) -> u8 {
        OffsetDateTime::now_utc().to_offset(offset(self.utc_offset_minutes)).month() as u8
    }
}

pub async fn member(db: &Db, member_id: &str) -> Result<MemberRow> {
    let row: Option<(String, String, i32, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT name, phone, utc_offset_minutes, birthday_mmdd, consent_version FROM members WHERE id = $1",
    )
    .bind(member_id)
    .fetch_optional(db)
    .await?;
    let (name, phone, utc_offset_minutes, birthday_mmdd, consent_version) = row.ok_or(Error::NotFound("member"))?;
    Ok(MemberRow { name, phone, utc_offset_minutes, birthday_mmdd, consent_version })
}

/// The member's UTC offset as a `time` offset (falls back to UTC+8 if the stored value is odd).
pub fn offset(minutes: i32) -> UtcOffset {
    UtcOffset::from_whole_seconds(minutes * 60).unwrap_or(UtcOffset::from_hms(8, 0, 0).expect("valid"))
}

#[derive(sqlx::FromRow)]
struct TierRow {
    code: String,
    rank: i32,
    name_zh: String,
    name_en: String,
    min_annual_spend_fen: i64,
    drug_discount_percent: i32,
    /// JSON arrays of strings.
    benefits_zh: String,
    benefits_en: String,
}

pub async fn tiers(db: &Db) -> Result<Vec<Tier>> {
    let rows: Vec<TierRow> = sqlx::query_as(
        "SELECT code, rank, name_zh, name_en, min_annual_spend_fen, drug_discount_percent, benefits_zh, benefits_en
         FROM tiers ORDER BY rank",
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Tier {
                code: r.code,
                rank: r.rank,
                name_zh: r.name_zh,
                name_en: r.name_en,
                min_annual_spend_fen: r.min_annual_spend_fen,
                drug_discount_percent: r.drug_discount_percent,
                benefits_zh: serde_json::from_str(&r.benefits_zh).map_err(anyhow::Error::from)?,
                benefits_en: serde_json::from_str(&r.benefits_en).map_err(anyhow::Error::from)?,
            })
        })
        .collect()
}

/// Tier from qualifying spend in the member's current calendar year (home time zone).
pub async fn tier_status(db: &Db, member_id: &str, utc_offset_minutes: i32) -> Result<TierStatus> {
    let off = offset(utc_offset_minutes);
    let year = OffsetDateTime::now_utc().to_offset(off).year();
    let start = Date::from_calendar_date(year, Month::January, 1)
        .map_err(anyhow::Error::from)?
        .midnight()
        .assume_offset(off)
        .unix_timestamp();
    let spend: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT) FROM spend WHERE member_id = $1 AND occurred_at >= $2",
    )
    .bind(member_id)
    .bind(start)
    .fetch_one(db)
    .await?;
    let tiers = tiers(db).await?;
    api::tier::tier_status(&tiers, spend).ok_or_else(|| Error::Internal(anyhow::anyhow!("no tiers configured")))
}

type LedgerRow = (String, String, i64, String, i64, Option<i64>);

fn ledger_entry((id, kind, points, description, created_at, expires_at): LedgerRow) -> LedgerEntry {
    LedgerEntry { id, kind, points, description, created_at, expires_at }
}

/// The member's whole ledger (any executor: the pool or an open transaction).
pub async fn ledger<'e>(db: impl sqlx::any::AnyExecutor<'e>, member_id: &str) -> Result<Vec<LedgerEntry>> {
    let rows: Vec<LedgerRow> = sqlx::query_as(
        "SELECT id, kind, points, description, created_at, expires_at FROM points_ledger
         WHERE member_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(ledger_entry).collect())
}

/// Window in which earned points count as "expiring soon".
pub const EXPIRING_WINDOW_SECS: i64 = 60 * 86_400;

/// Articles in `lang`, newest first; falls back to Chinese when none exist in that language.
/// A new ledger entry. The ledger is append-only: this is its one writer.
pub struct NewEntry<'a> {
    pub id: String,
    pub member_id: &'a str,
    pub kind: &'a str,
    pub points: i64,
    pub description: &'a str,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    /// What the entry refers to (the order, coupon or earned entry).
    pub reference: Option<&'a str>,
}

/// Appends `e` unless an entry with its id exists (derived ids make jobs idempotent).
/// Returns whether it was written.
pub async fn append_ledger<'e>(ex: impl sqlx::any::AnyExecutor<'e>, e: &NewEntry<'_>) -> Result<bool> {
    let written = sqlx::query(
        "INSERT INTO points_ledger (id, member_id, kind, points, description, created_at, expires_at, ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&e.id)
    .bind(e.member_id)
    .bind(e.kind)
    .bind(e.points)
    .bind(e.description)
    .bind(e.created_at)
    .bind(e.expires_at)
    .bind(e.reference)
    .execute(ex)
    .await?
    .rows_affected();
    Ok(written == 1)
}

/// Entries per ledger page when the client does not say.
pub const LEDGER_PAGE: i64 = 20;

/// One page of the ledger, newest first, after `cursor` (`"<created_at>.<id>"`, opaque to clients).
pub async fn ledger_page(
    db: &Db,
    member_id: &str,
    filter: api::points::LedgerFilter,
    cursor: Option<&str>,
    limit: i64,
) -> Result<api::points::LedgerPage> {
    use api::points::LedgerFilter;
    let (before_at, before_id) = match cursor {
        None => (i64::MAX, String::new()),
        Some(c) => c
            .split_once('.')
            .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_string())))
            .filter(|(_, id)| !id.is_empty())
            .ok_or_else(|| Error::bad_request(api::error::codes::INVALID_CURSOR, "cursor is not valid"))?,
    };
    let clause = match filter {
        LedgerFilter::All => "",
        LedgerFilter::Earned => " AND points > 0",
        LedgerFilter::Spent => " AND points < 0 AND kind <> 'expire'",
        LedgerFilter::Expired => " AND kind = 'expire'",
    };
    let limit = limit.clamp(1, 100);
    let sql = format!(
        "SELECT id, kind, points, description, created_at, expires_at FROM points_ledger
         WHERE member_id = $1 AND (created_at < $2 OR (created_at = $3 AND id < $4)){clause}
         ORDER BY created_at DESC, id DESC LIMIT $5"
    );
    let rows: Vec<LedgerRow> = sqlx::query_as(&sql)
        .bind(member_id)
        .bind(before_at)
        .bind(before_at)
        .bind(&before_id)
        .bind(limit + 1)
        .fetch_all(db)
        .await?;
    let mut entries: Vec<LedgerEntry> = rows.into_iter().map(ledger_entry).collect();
    let next_cursor = if entries.len() as i64 > limit {
        entries.truncate(limit as usize);
        entries.last().map(|e| format!("{}.{}", e.created_at, e.id))
    } else {
        None
    };
    Ok(api::points::LedgerPage { entries, next_cursor })
}
