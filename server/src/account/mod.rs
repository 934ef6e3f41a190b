//! The member's rights over their own data (PIPL): a full export and account deletion.

pub mod routes;
use serde_json::{Map, Value};
use sqlx::{Column, Row, ValueRef};

use crate::http::error::Result;
use crate::store::at_rest::{open_text, UploadKey};
use crate::store::audit;
use crate::store::{now, Db};

/// What the export holds, one query per section. Every query takes the member id as `$1`;
/// columns ending in `_hash` (session, feed and code secrets) are left out wherever they appear.
const SECTIONS: &[(&str, &str)] = &[
    (
        "profile",
        "SELECT id, phone, name, birthday_mmdd, time_zone, created_at, consent_version, consent_at,
                personalised_recommendations, marketing, referral_code FROM members WHERE id = $1",
    ),
    ("sessions", "SELECT created_at, expires_at, revoked_at FROM sessions WHERE member_id = $1 ORDER BY created_at"),
    ("spend", "SELECT * FROM spend WHERE member_id = $1 ORDER BY occurred_at"),
    ("points_ledger", "SELECT * FROM points_ledger WHERE member_id = $1 ORDER BY created_at"),
    ("coupons", "SELECT * FROM coupons WHERE member_id = $1 ORDER BY created_at"),
    ("medications", "SELECT * FROM medications WHERE member_id = $1"),
    ("dose_logs", "SELECT * FROM dose_logs WHERE member_id = $1 ORDER BY at"),
    ("prescriptions", "SELECT * FROM prescriptions WHERE member_id = $1 ORDER BY created_at"),
    (
        "prescription_events",
        "SELECT e.* FROM prescription_events e JOIN prescriptions p ON p.id = e.prescription_id WHERE p.member_id = $1",
    ),
    (
        "prescription_access",
        "SELECT prescription_id, actor_kind, actor, action, at FROM prescription_access WHERE owner_id = $1 ORDER BY at",
    ),
    ("calendar_feed", "SELECT created_at FROM calendar_feeds WHERE member_id = $1"),
    ("bookmarks", "SELECT slug, created_at FROM bookmarks WHERE member_id = $1 ORDER BY created_at"),
    (
        "referrals",
        "SELECT CASE WHEN referee_id = $1 THEN 1 ELSE 0 END AS i_was_invited, phone_masked, joined_at, state, reason FROM referrals
         WHERE referee_id = $1 OR referrer_id = $1 ORDER BY joined_at",
    ),
    ("campaign_claims", "SELECT campaign_id, coupon_id, claimed_at FROM campaign_claims WHERE member_id = $1"),
    ("survey_responses", "SELECT * FROM survey_responses WHERE member_id = $1 ORDER BY created_at"),
    ("feedback", "SELECT * FROM feedback WHERE member_id = $1 ORDER BY created_at"),
    ("health_profile", "SELECT profile, consent_text, consented_at, updated_at FROM health_profiles WHERE member_id = $1"),
    ("consultations", "SELECT * FROM consultations WHERE member_id = $1 ORDER BY created_at"),
    ("dependants", "SELECT id, name, created_at FROM members WHERE managed_by = $1 ORDER BY created_at"),
    (
        "care_grants",
        "SELECT id, subject_id, caregiver_id, permission, created_at, revoked_at FROM care_grants
         WHERE caregiver_id = $1 OR subject_id = $1 ORDER BY created_at",
    ),
    (
        "feedback_replies",
        "SELECT r.* FROM feedback_replies r JOIN feedback f ON f.id = r.feedback_id WHERE f.member_id = $1",
    ),
];

/// Everything the server holds about the member, as one JSON document (`GET /me/export`).
/// Each prescription exported is recorded in its access trail.
pub async fn export(db: &Db, key: Option<&UploadKey>, member_id: &str) -> Result<Value> {
    let mut doc = Map::new();
    doc.insert("format".into(), "pharmacy-portal-member-export/1".into());
    doc.insert("exported_at".into(), now().into());
    for (name, sql) in SECTIONS {
        let rows = sqlx::query(sql).bind(member_id).fetch_all(db).await?;
        let rows = rows.iter().map(|r| row_json(r, key)).collect::<anyhow::Result<Vec<Value>>>()?;
        let value =
            if *name == "profile" { rows.into_iter().next().unwrap_or(Value::Null) } else { Value::Array(rows) };
        doc.insert((*name).into(), value);
    }
    audit::record_export(db, member_id).await?;
    Ok(Value::Object(doc))
}

/// One row as a JSON object, by the stored value's own type (SQLite is dynamically typed);
/// health text encrypted at rest is exported opened.
fn row_json(row: &sqlx::any::AnyRow, key: Option<&UploadKey>) -> anyhow::Result<Value> {
    use sqlx::any::AnyTypeInfoKind as K;
    let mut obj = Map::new();
    for (i, col) in row.columns().iter().enumerate() {
        if col.name().ends_with("_hash") {
            continue;
        }
        let value = match row.try_get_raw(i) {
            Ok(raw) if raw.is_null() => Value::Null,
            Ok(raw) => match raw.type_info().kind() {
                K::SmallInt | K::Integer | K::BigInt => {
                    row.try_get::<i64, _>(i).map(Value::from).unwrap_or(Value::Null)
                }
                K::Bool => row.try_get::<bool, _>(i).map(Value::from).unwrap_or(Value::Null),
                K::Real | K::Double => row.try_get::<f64, _>(i).map(Value::from).unwrap_or(Value::Null),
                K::Blob => row.try_get::<Vec<u8>, _>(i).map(|b| Value::from(hex::encode(b))).unwrap_or(Value::Null),
                _ => match row.try_get::<String, _>(i) {
                    Ok(text) => text_json(open_text(key, text)?),
                    Err(_) => Value::Null,
                },
            },
            Err(_) => Value::Null,
        };
        obj.insert(col.name().to_string(), value);
    }
    Ok(Value::Object(obj))
}

/// JSON documents stored as text (fields, schedules, the health profile) are exported as JSON.
fn text_json(text: String) -> Value {
    match text.starts_with(['{', '[']).then(|| serde_json::from_str(&text)) {
        Some(Ok(v)) => v,
        _ => Value::from(text),
    }
}

/// Deletes the account: the member row and, by cascade, everything keyed to it (sessions,
/// schedules, dose logs, prescriptions, feedback, points, coupons, bookmarks, survey
/// answers), plus pending login codes and the stored files. The prescription access trail
/// keeps its ids (who looked at what, not what it said). Returns the files removed.
/// Registers a new member (the platform's sign-up, or the portal's from an invite), linking
/// them to whoever invited them; inside the caller's transaction. 409 `member_exists` when the
/// number belongs to a member.
pub async fn register(
    tx: &mut sqlx::AnyConnection,
    state: &crate::AppState,
    phone: &api::auth::Phone,
    name: &str,
    referral_code: Option<&str>,
) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(crate::http::error::Error::bad_request(api::error::codes::BAD_REQUEST, "name: 1-40 characters"));
    }
    let id = crate::store::new_id();
    let inserted = sqlx::query(
        "INSERT INTO members (id, phone, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (phone) DO NOTHING",
    )
    .bind(&id)
    .bind(phone.as_str())
    .bind(name)
    .bind(crate::store::now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(crate::http::error::Error::Conflict {
            code: api::error::codes::MEMBER_EXISTS,
            message: "a member with this phone number exists".into(),
        });
    }
    if let Some(code) = referral_code.filter(|c| !c.trim().is_empty()) {
        crate::loyalty::referrals::link(tx, state, code, &id, phone).await?;
    }
    Ok(id)
}

pub async fn delete(state: &crate::AppState, member_id: &str) -> Result<usize> {
    let (uploads, db) = (&state.uploads, &state.db);
    let phone: Option<String> =
        sqlx::query_scalar("SELECT phone FROM members WHERE id = $1").bind(member_id).fetch_optional(db).await?;
    let Some(phone) = phone else {
        return Ok(0); // already gone: deleting twice is not an error
    };
    let mut tx = db.begin().await?;
    // The first statement writes, so the transaction holds the write lock from the start.
    sqlx::query("DELETE FROM login_codes WHERE phone_key = $1")
        .bind(crate::auth::phone_key(state, &phone))
        .execute(&mut *tx)
        .await?;
    let mut files: Vec<String> = sqlx::query_scalar(
        "SELECT pp.file FROM prescription_pages pp JOIN prescriptions p ON p.id = pp.prescription_id WHERE p.member_id = $1",
    )
    .bind(member_id)
    .fetch_all(&mut *tx)
    .await?;
    files.extend(
        sqlx::query_scalar::<_, String>(
            "SELECT photo_path FROM feedback WHERE member_id = $1 AND photo_path IS NOT NULL",
        )
        .bind(member_id)
        .fetch_all(&mut *tx)
        .await?,
    );
    // The number is remembered as a former member's (a keyed hash, never the number), so it
    // cannot earn anyone a referral voucher by joining again.
    sqlx::query("INSERT INTO former_members (phone_key, left_at) VALUES ($1, $2) ON CONFLICT (phone_key) DO NOTHING")
        .bind(crate::loyalty::referrals::former_key(state, &phone))
        .bind(crate::store::now())
        .execute(&mut *tx)
        .await?;
    let deleted = sqlx::query("DELETE FROM members WHERE id = $1").bind(member_id).execute(&mut *tx).await?;
    if deleted.rows_affected() == 0 {
        return Ok(0); // already gone: deleting twice is not an error
    }
    // Files go after the commit (never a row naming a missing file); listed as pending in
    // the same transaction, so a crash before they are removed leaves them to the sweep.
    crate::store::pending_files::release(&mut tx, &files).await?;
    tx.commit().await?;
    crate::crash::point("delete:committed");
    crate::store::pending_files::remove(db, uploads, &files).await?;
    Ok(files.len())
}
