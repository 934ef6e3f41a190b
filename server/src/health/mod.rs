//! The health profile, medication safety checks and pharmacist consultations.

pub mod routes;
use api::error::codes;
use api::health::{
    Consultation, ConsultationRequest, HealthProfile, HealthProfileInput, HealthProfileView, PURPOSE_ZH,
};
use api::safety::{self, SafetyWarning};

use crate::http::error::{Error, Result};
use crate::store::at_rest::{open_text, seal_text, UploadKey};
use crate::store::{new_id, now, Db};

/// A pharmacist answers within this long (the platform's 24-hour promise for health questions).
pub const REPLY_WITHIN_SECS: i64 = 24 * 3600;

/// The member's profile; empty when they have not given one (or deleted it). `key` opens
/// what was stored encrypted (see [`crate::store::at_rest`]), here and below.
pub async fn profile(db: &Db, key: Option<&UploadKey>, member_id: &str) -> Result<HealthProfile> {
    Ok(view(db, key, member_id).await?.profile)
}

pub async fn view(db: &Db, key: Option<&UploadKey>, member_id: &str) -> Result<HealthProfileView> {
    let row: Option<(String, i64, i64)> =
        sqlx::query_as("SELECT profile, consented_at, updated_at FROM health_profiles WHERE member_id = $1")
            .bind(member_id)
            .fetch_optional(db)
            .await?;
    Ok(match row {
        Some((stored, consented_at, updated_at)) => HealthProfileView {
            profile: serde_json::from_str(&open_text(key, stored)?)
                .map_err(|e| anyhow::anyhow!("stored health profile: {e}"))?,
            consented_at: Some(consented_at),
            updated_at: Some(updated_at),
        },
        None => HealthProfileView { profile: HealthProfile::default(), consented_at: None, updated_at: None },
    })
}

/// Stores the profile with the member's consent to its purpose; refused without consent.
pub async fn save(
    db: &Db,
    key: Option<&UploadKey>,
    member_id: &str,
    input: HealthProfileInput,
) -> Result<HealthProfileView> {
    if !input.consent {
        return Err(Error::Unprocessable {
            code: codes::CONSENT_REQUIRED,
            message: "agree to the stated purpose to keep a health profile".into(),
        });
    }
    input.profile.validate().map_err(|m| Error::bad_request(codes::INVALID_PROFILE, m))?;
    let json = serde_json::to_string(&input.profile).map_err(anyhow::Error::from)?;
    let t = now();
    // The first consent's time is kept; the text is the purpose as shown now.
    sqlx::query(
        "INSERT INTO health_profiles (member_id, profile, consent_text, consented_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (member_id) DO UPDATE SET profile = excluded.profile, consent_text = excluded.consent_text,
         updated_at = excluded.updated_at",
    )
    .bind(member_id)
    .bind(seal_text(key, &json))
    .bind(PURPOSE_ZH)
    .bind(t)
    .execute(db)
    .await?;
    view(db, key, member_id).await
}

/// Deletes the profile and its consent record. Idempotent.
pub async fn delete(db: &Db, member_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM health_profiles WHERE member_id = $1").bind(member_id).execute(db).await?;
    Ok(())
}

/// What adding `names` to the member's schedule would raise, given what is on it and their
/// profile.
pub async fn check(db: &Db, key: Option<&UploadKey>, member_id: &str, names: &[String]) -> Result<Vec<SafetyWarning>> {
    let existing = medication_names(db, member_id).await?;
    let existing: Vec<&str> = existing.iter().map(String::as_str).collect();
    let added: Vec<&str> = names.iter().map(String::as_str).collect();
    Ok(safety::check(&existing, &added, &profile(db, key, member_id).await?))
}

type Row = (String, String, String, Option<String>, i64, i64, Option<String>, Option<i64>);
const COLUMNS: &str = "id, question, medicines, warning, created_at, reply_due, reply, replied_at";

fn consultation(key: Option<&UploadKey>, row: Row) -> Result<Consultation> {
    let (id, question, medicines, warning, created_at, reply_due_at, reply, replied_at) = row;
    let open = |text: String| open_text(key, text);
    Ok(Consultation {
        id,
        question: open(question)?,
        medicines: serde_json::from_str(&open(medicines)?).unwrap_or_default(),
        warning: warning.map(open).transpose()?,
        created_at,
        reply: reply.map(open).transpose()?,
        replied_at,
        reply_due_at,
    })
}

/// Records a question once per idempotency key; a retry returns the first (`false`).
pub async fn ask(
    db: &Db,
    at_rest: Option<&UploadKey>,
    member_id: &str,
    key: &str,
    req: ConsultationRequest,
) -> Result<(Consultation, bool)> {
    req.validate().map_err(|m| Error::bad_request(codes::INVALID_CONSULTATION, m))?;
    let t = now();
    let inserted = sqlx::query(
        "INSERT INTO consultations (id, member_id, idempotency_key, question, medicines, warning, created_at, reply_due)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (member_id, idempotency_key) DO NOTHING",
    )
    .bind(new_id())
    .bind(member_id)
    .bind(key)
    .bind(seal_text(at_rest, req.question.trim()))
    .bind(seal_text(at_rest, &serde_json::to_string(&req.medicines).map_err(anyhow::Error::from)?))
    .bind(req.warning.as_deref().map(str::trim).filter(|w| !w.is_empty()).map(|w| seal_text(at_rest, w)))
    .bind(t)
    .bind(t + REPLY_WITHIN_SECS)
    .execute(db)
    .await?
    .rows_affected()
        == 1;
    let row: Row =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM consultations WHERE member_id = $1 AND idempotency_key = $2"))
            .bind(member_id)
            .bind(key)
            .fetch_one(db)
            .await?;
    Ok((consultation(at_rest, row)?, inserted))
}

/// The member's consultations, newest first.
pub async fn mine(db: &Db, key: Option<&UploadKey>, member_id: &str) -> Result<Vec<Consultation>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM consultations WHERE member_id = $1 ORDER BY created_at DESC, id"
    ))
    .bind(member_id)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(|r| consultation(key, r)).collect()
}

/// Unanswered consultations, the most overdue first (the pharmacists' queue).
pub async fn queue(db: &Db, key: Option<&UploadKey>) -> Result<Vec<Consultation>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM consultations WHERE replied_at IS NULL ORDER BY reply_due, id LIMIT 200"
    ))
    .fetch_all(db)
    .await?;
    rows.into_iter().map(|r| consultation(key, r)).collect()
}

/// Stores a pharmacist's reply; a second reply to one consultation is refused.
pub async fn reply(db: &Db, key: Option<&UploadKey>, id: &str, text: &str) -> Result<Consultation> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 2000 || api::health::has_control(text) {
        return Err(Error::bad_request(codes::INVALID_CONSULTATION, "reply: 1-2000 characters"));
    }
    let updated =
        sqlx::query("UPDATE consultations SET reply = $1, replied_at = $2 WHERE id = $3 AND replied_at IS NULL")
            .bind(seal_text(key, text))
            .bind(now())
            .bind(id)
            .execute(db)
            .await?
            .rows_affected();
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM consultations WHERE id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    let row = row.ok_or(Error::NotFound("consultation"))?;
    if updated == 0 {
        return Err(Error::Conflict {
            code: codes::INVALID_STATE,
            message: "this consultation is already answered".into(),
        });
    }
    consultation(key, row)
}

/// The names of the member's current medications (what a safety check compares a new one with).
pub async fn medication_names(db: &Db, member_id: &str) -> Result<Vec<String>> {
    let specs: Vec<String> =
        sqlx::query_scalar("SELECT spec FROM medications WHERE member_id = $1 AND deleted_at IS NULL")
            .bind(member_id)
            .fetch_all(db)
            .await?;
    let spec = |s: &String| serde_json::from_str::<api::schedule::MedicationSpec>(s).map_err(anyhow::Error::from);
    Ok(specs.iter().map(|s| spec(s).map(|spec| spec.name)).collect::<Result<_, _>>()?)
}
