//! Prescriptions in the database: upload, OCR results, the member's confirmation, the
//! pharmacist's decision and the hand-off to the medication schedule.

pub mod ocr;
pub mod routes;
use api::error::codes;
use api::prescriptions::{
    handoff, Decision, PageInfo, Prescription, PrescriptionCard, PrescriptionStatus, Rejection, RejectionCode,
    RxFields, StatusEvent,
};
use api::schedule::expand::local_date;
use api::schedule::Medication;

use crate::http::error::{Error, Result};
use crate::schedule;
use crate::store::at_rest::UploadKey;
use crate::store::{new_id, now, Db, SqlBuilder};

/// The wire name of a status (`in_review`), as stored.
pub fn status_str(s: PrescriptionStatus) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn parse_status(s: String) -> Result<PrescriptionStatus> {
    Ok(serde_json::from_value(serde_json::Value::String(s)).map_err(anyhow::Error::from)?)
}

fn parse_json<T: serde::de::DeserializeOwned>(s: Option<String>) -> Result<Option<T>> {
    s.map(|s| serde_json::from_str(&s).map_err(|e| Error::Internal(e.into()))).transpose()
}

/// A stored page: its file name and size.
pub struct StoredPage {
    pub file: String,
    pub width: u32,
    pub height: u32,
}

/// The prescription an earlier upload with this idempotency key created, if any.
pub async fn by_key(db: &Db, member_id: &str, key: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT id FROM prescriptions WHERE member_id = $1 AND idempotency_key = $2")
        .bind(member_id)
        .bind(key)
        .fetch_optional(db)
        .await?)
}

/// Records an upload and queues its OCR, in one transaction. `Ok(None)` when a concurrent
/// upload with the same key won the race.
pub async fn create(db: &Db, member_id: &str, key: &str, pages: &[StoredPage]) -> Result<Option<String>> {
    let (id, t) = (new_id(), now());
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO prescriptions (id, member_id, status, created_at, idempotency_key) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (member_id, idempotency_key) DO NOTHING",
    )
    .bind(&id)
    .bind(member_id)
    .bind(status_str(PrescriptionStatus::Uploaded))
    .bind(t)
    .bind(key)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(None);
    }
    for (n, p) in pages.iter().enumerate() {
        sqlx::query(
            "INSERT INTO prescription_pages (prescription_id, n, file, width, height) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(n as i64 + 1)
        .bind(&p.file)
        .bind(p.width as i64)
        .bind(p.height as i64)
        .execute(&mut *tx)
        .await?;
    }
    event(&mut tx, &id, PrescriptionStatus::Uploaded, t).await?;
    sqlx::query("INSERT INTO ocr_jobs (prescription_id, state, created_at) VALUES ($1, 'queued', $2)")
        .bind(&id)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    let files: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    crate::store::pending_files::adopt(&mut tx, &files).await?;
    tx.commit().await?;
    Ok(Some(id))
}

async fn event(tx: &mut sqlx::AnyConnection, id: &str, status: PrescriptionStatus, at: i64) -> Result<()> {
    sqlx::query("INSERT INTO prescription_events (prescription_id, status, at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(status_str(status))
        .bind(at)
        .execute(tx)
        .await?;
    Ok(())
}

/// Moves a prescription from one of `from` to `to` (with a timeline entry); false when it
/// was in no such state (another worker or request got there first).
pub async fn transition(db: &Db, id: &str, from: &[PrescriptionStatus], to: PrescriptionStatus) -> Result<bool> {
    let mut tx = db.begin().await?;
    let moved = transition_in(&mut tx, id, from, to).await?;
    tx.commit().await?;
    Ok(moved)
}

/// [`transition`] inside an open transaction. The status is checked by the UPDATE itself,
/// so two instances moving one prescription at once cannot both succeed.
async fn transition_in(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    from: &[PrescriptionStatus],
    to: PrescriptionStatus,
) -> Result<bool> {
    let mut b = SqlBuilder::new("UPDATE prescriptions SET status = ");
    b.push_bind(status_str(to)).push(" WHERE id = ").push_bind(id.to_string()).push(" AND status IN (");
    for (i, s) in from.iter().enumerate() {
        b.push(if i == 0 { "" } else { ", " }).push_bind(status_str(*s));
    }
    b.push(")");
    let moved = sqlx::query_with(&b.sql, b.args).execute(&mut *tx).await?.rows_affected() == 1;
    if moved {
        event(tx, id, to, now()).await?;
    }
    Ok(moved)
}

/// Stores what OCR read and marks the prescription recognised (inside the transaction that
/// completes its OCR job, so a result is recorded once).
pub async fn recognised(tx: &mut sqlx::AnyConnection, id: &str, fields: &RxFields) -> Result<()> {
    let json = serde_json::to_string(fields).map_err(anyhow::Error::from)?;
    sqlx::query("UPDATE prescriptions SET ocr_fields = $1 WHERE id = $2").bind(json).bind(id).execute(&mut *tx).await?;
    transition_in(
        tx,
        id,
        &[PrescriptionStatus::Recognising, PrescriptionStatus::Uploaded],
        PrescriptionStatus::Recognised,
    )
    .await?;
    Ok(())
}

/// The member's prescriptions, newest first.
pub async fn list(db: &Db, member_id: &str) -> Result<Vec<PrescriptionCard>> {
    type Row = (String, String, i64, Option<String>, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, status, created_at, rejection_code, rejection_reason, ocr_fields, confirmed_fields
         FROM prescriptions WHERE member_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(member_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, status, created_at, code, note, ocr, confirmed)| {
            let fields: Option<RxFields> = parse_json(confirmed.or(ocr))?;
            let drugs = fields.map(|f| f.drugs.into_iter().map(|d| d.name.value).collect()).unwrap_or_default();
            Ok(PrescriptionCard {
                id,
                status: parse_status(status)?,
                created_at,
                drugs,
                rejection: rejection(code, note),
            })
        })
        .collect()
}

fn rejection(code: Option<String>, note: Option<String>) -> Option<Rejection> {
    let code: RejectionCode = serde_json::from_value(serde_json::Value::String(code?)).unwrap_or(RejectionCode::Other);
    Some(Rejection { code, note })
}

/// One of the member's prescriptions with pages, fields, timeline and schedule entries.
/// Another member's id is simply not found.
pub async fn detail(db: &Db, key: Option<&UploadKey>, member_id: &str, id: &str) -> Result<Prescription> {
    type Row = (String, i64, Option<String>, Option<String>, Option<String>, Option<String>, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT status, created_at, rejection_code, rejection_reason, ocr_fields, confirmed_fields, decided_at
         FROM prescriptions WHERE id = $1 AND member_id = $2",
    )
    .bind(id)
    .bind(member_id)
    .fetch_optional(db)
    .await?;
    let (status, created_at, code, note, ocr, confirmed, decided_at) = row.ok_or(Error::NotFound("prescription"))?;
    let pages: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT n, width, height FROM prescription_pages WHERE prescription_id = $1 ORDER BY n")
            .bind(id)
            .fetch_all(db)
            .await?;
    let events: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, at FROM prescription_events WHERE prescription_id = $1 ORDER BY at, rowid")
            .bind(id)
            .fetch_all(db)
            .await?;
    let (_, tz) = schedule::home_zone(db, member_id).await?;
    let medication_ids: Vec<String> = schedule::medications(db, member_id, local_date(&tz, now()))
        .await?
        .into_iter()
        .filter(|m| m.spec.prescription_id.as_deref() == Some(id))
        .map(|m| m.id)
        .collect();
    let fields: Option<RxFields> = parse_json(confirmed.or(ocr))?;
    let warnings = match (&fields, medication_ids.is_empty()) {
        (Some(f), true) if !f.drugs.is_empty() => {
            let names: Vec<String> = f.drugs.iter().map(|d| d.name.value.clone()).collect();
            crate::health::check(db, key, member_id, &names).await?
        }
        _ => Vec::new(),
    };
    Ok(Prescription {
        id: id.to_string(),
        status: parse_status(status)?,
        created_at,
        pages: pages.into_iter().map(|(n, w, h)| PageInfo { n: n as u32, width: w as u32, height: h as u32 }).collect(),
        fields,
        rejection: rejection(code, note),
        timeline: events
            .into_iter()
            .map(|(s, at)| Ok(StatusEvent { status: parse_status(s)?, at }))
            .collect::<Result<_>>()?,
        review_secs: decided_at.map(|d| d - created_at),
        medication_ids,
        warnings,
    })
}

/// The names a member's prescription is likely for (checked against the name OCR reads): their
/// own, the family members they manage, and those who gave them care access.
pub async fn likely_patients(db: &Db, member_id: &str) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT name FROM members WHERE id = $1 OR managed_by = $2
         UNION SELECT m.name FROM care_grants g JOIN members m ON m.id = g.subject_id
         WHERE g.caregiver_id = $3 AND g.revoked_at IS NULL",
    )
    .bind(member_id)
    .bind(member_id)
    .bind(member_id)
    .fetch_all(db)
    .await?)
}

/// The member a prescription belongs to (for staff, who open it by id alone).
pub async fn owner(db: &Db, id: &str) -> Result<String> {
    sqlx::query_scalar("SELECT member_id FROM prescriptions WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(Error::NotFound("prescription"))
}

/// The stored file of page `n`, if the prescription is the member's.
pub async fn page_file(db: &Db, member_id: &str, id: &str, n: u32) -> Result<String> {
    sqlx::query_scalar(
        "SELECT pp.file FROM prescription_pages pp JOIN prescriptions p ON p.id = pp.prescription_id
         WHERE pp.prescription_id = $1 AND p.member_id = $2 AND pp.n = $3",
    )
    .bind(id)
    .bind(member_id)
    .bind(n as i64)
    .fetch_optional(db)
    .await?
    .ok_or(Error::NotFound("page"))
}

/// Limits on what a member may send as fields (they are shown to a pharmacist).
const MAX_FIELD_CHARS: usize = 200;
const MAX_DRUGS: usize = 20;

fn check_fields(fields: &RxFields) -> Result<()> {
    let invalid = |m: &str| Err(Error::Unprocessable { code: codes::INVALID_PRESCRIPTION, message: m.to_string() });
    if fields.drugs.is_empty() || fields.drugs.iter().any(|d| d.name.value.trim().is_empty()) {
        return invalid("every prescription needs at least one drug, each with a name");
    }
    if fields.drugs.len() > MAX_DRUGS {
        return invalid("too many drugs");
    }
    let all = [&fields.patient, &fields.date, &fields.hospital, &fields.doctor]
        .into_iter()
        .chain(fields.drugs.iter().flat_map(|d| [&d.name, &d.strength, &d.dose, &d.frequency, &d.route, &d.quantity]));
    for f in all {
        if f.value.chars().count() > MAX_FIELD_CHARS || !(0.0..=1.0).contains(&f.confidence) {
            return invalid("a field is too long or its confidence is not between 0 and 1");
        }
    }
    Ok(())
}

/// The member confirms (and may correct) the fields: the prescription goes to review.
/// Submitting again while in review is a no-op answer, not a second review.
pub async fn submit(
    db: &Db,
    key: Option<&UploadKey>,
    member_id: &str,
    id: &str,
    fields: &RxFields,
) -> Result<Prescription> {
    let current = detail(db, key, member_id, id).await?;
    if current.status == PrescriptionStatus::InReview {
        return Ok(current);
    }
    check_fields(fields)?;
    let json = serde_json::to_string(fields).map_err(anyhow::Error::from)?;
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE prescriptions SET confirmed_fields = $1, submitted_at = $2, status = $3
         WHERE id = $4 AND member_id = $5 AND status IN ($6, $7)",
    )
    .bind(json)
    .bind(now())
    .bind(status_str(PrescriptionStatus::InReview))
    .bind(id)
    .bind(member_id)
    .bind(status_str(PrescriptionStatus::Recognised))
    .bind(status_str(PrescriptionStatus::OcrFailed))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::Conflict {
            code: codes::INVALID_STATE,
            message: "only a recognised prescription (or one OCR could not read) can be submitted".into(),
        });
    }
    event(&mut tx, id, PrescriptionStatus::InReview, now()).await?;
    tx.commit().await?;
    detail(db, key, member_id, id).await
}

/// A pharmacist's decision on a prescription in review; records the time to decision.
/// Decides a prescription in review; the decision and its access-trail row are one
/// transaction.
pub async fn decide(db: &Db, id: &str, decision: &Decision, actor: crate::store::audit::Actor<'_>) -> Result<()> {
    let (status, code, note) = match decision {
        Decision::Approve => (PrescriptionStatus::Approved, None, None),
        Decision::Reject { code, note } => {
            let code = serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string));
            (PrescriptionStatus::Rejected, code, note.clone().filter(|n| !n.trim().is_empty()))
        }
    };
    let mut tx = db.begin().await?;
    let t = now();
    let done = sqlx::query(
        "UPDATE prescriptions SET status = $1, rejection_code = $2, rejection_reason = $3, decided_at = $4
         WHERE id = $5 AND status = $6",
    )
    .bind(status_str(status))
    .bind(code)
    .bind(note)
    .bind(t)
    .bind(id)
    .bind(status_str(PrescriptionStatus::InReview))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        let exists: Option<String> =
            sqlx::query_scalar("SELECT id FROM prescriptions WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        exists.ok_or(Error::NotFound("prescription"))?;
        return Err(Error::Conflict {
            code: codes::INVALID_STATE,
            message: "the prescription is not awaiting review".into(),
        });
    }
    event(&mut tx, id, status, t).await?;
    crate::store::audit::record_in(&mut tx, id, actor, "decide").await?;
    crate::crash::point("decide:before-commit");
    tx.commit().await?;
    let secs: Option<i64> = sqlx::query_scalar("SELECT decided_at - created_at FROM prescriptions WHERE id = $1")
        .bind(id)
        .fetch_one(db)
        .await?;
    tracing::info!(review_secs = secs, decision = status_str(status), "prescription decided");
    Ok(())
}

/// Prescriptions in review longer than `after_secs`, with their confirmed fields and the
/// member's local date (for the automatic review).
pub async fn awaiting_review(db: &Db, after_secs: i64) -> Result<Vec<(String, String, RxFields)>> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, member_id, confirmed_fields FROM prescriptions WHERE status = $1 AND submitted_at <= $2
           AND (claim_expires_at IS NULL OR claim_expires_at <= $3) ORDER BY submitted_at",
    )
    .bind(status_str(PrescriptionStatus::InReview))
    .bind(now() - after_secs)
    .bind(now())
    .fetch_all(db)
    .await?;
    rows.into_iter().map(|(id, member, f)| Ok((id, member, parse_json(f)?.unwrap_or_default()))).collect()
}

/// Creates schedule entries for an approved prescription's drugs, once: a repeat returns
/// the entries made the first time (`false`: nothing new).
pub async fn add_to_schedule(
    db: &Db,
    key: Option<&UploadKey>,
    member_id: &str,
    id: &str,
) -> Result<(bool, Vec<Medication>)> {
    let rx = detail(db, key, member_id, id).await?;
    if rx.status != PrescriptionStatus::Approved {
        return Err(Error::Conflict {
            code: codes::INVALID_STATE,
            message: "only an approved prescription can be scheduled".into(),
        });
    }
    let (_, tz) = schedule::home_zone(db, member_id).await?;
    let today = local_date(&tz, now());
    let mine = |meds: Vec<Medication>| {
        meds.into_iter().filter(|m| m.spec.prescription_id.as_deref() == Some(id)).collect::<Vec<_>>()
    };
    // Claimed once, so a double tap cannot add the drugs twice.
    let claimed = sqlx::query("UPDATE prescriptions SET scheduled_at = $1 WHERE id = $2 AND scheduled_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(db)
        .await?;
    if claimed.rows_affected() == 0 {
        return Ok((false, mine(schedule::medications(db, member_id, today).await?)));
    }
    let start = today.to_string();
    for drug in rx.fields.unwrap_or_default().drugs {
        schedule::create(db, member_id, handoff::medication_spec(&drug, &start, id)).await?;
    }
    Ok((true, mine(schedule::medications(db, member_id, today).await?)))
}
