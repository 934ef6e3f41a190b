//! Staff accounts, their sessions, the access trail of their work, and pharmacists' claims on
//! prescriptions in review.

pub mod extract;
pub mod routes;
use api::auth::Phone;
use api::error::codes;
use api::staff::{Role, StaffProfile, CLAIM_LEASE_SECS};

use crate::http::error::{Error, Result};
use crate::store::keyed_hash::sha256_hex;
use crate::store::{new_id, now, Db};
use crate::AppState;

/// Name of the console's HttpOnly session cookie (sent only to the staff endpoints).
pub const STAFF_COOKIE: &str = "staff_session";
/// A staff session lasts one long shift.
pub const STAFF_SESSION_TTL_SECS: i64 = 12 * 3600;
/// The staff member behind a request.
#[derive(Debug, Clone)]
pub struct StaffMember {
    pub profile: StaffProfile,
    pub token_hash: String,
}

impl StaffMember {
    pub fn id(&self) -> &str {
        &self.profile.id
    }
}

/// Checks the SMS code (as members' login does: single use, expiring, attempt-limited) and
/// opens a staff session for the number's active staff account.
pub async fn login(
    state: &AppState,
    ip: std::net::IpAddr,
    phone: &Phone,
    code: &str,
) -> Result<(String, i64, StaffProfile)> {
    let invalid = || Error::bad_request(codes::INVALID_CODE, "the code is wrong or has expired");
    crate::auth::verify_sign_in(state, ip, phone, code).await?;
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, name, role FROM staff WHERE phone = $1 AND disabled_at IS NULL")
            .bind(phone.as_str())
            .fetch_optional(&state.db)
            .await?;
    let (id, name, role) = row.ok_or_else(invalid)?;
    let profile = StaffProfile { id, name, role: Role::parse(&role).ok_or(Error::Forbidden("unknown staff role"))? };
    let token = hex::encode(rand::random::<[u8; 32]>());
    let t = now();
    sqlx::query("INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(sha256_hex(&token))
        .bind(&profile.id)
        .bind(t)
        .bind(t + STAFF_SESSION_TTL_SECS)
        .execute(&state.db)
        .await?;
    Ok((token, t + STAFF_SESSION_TTL_SECS, profile))
}

/// Resolves a staff token: unknown, revoked or disabled → `Unauthorized`; past expiry →
/// `SessionExpired`.
pub async fn authenticate(db: &Db, token: &str) -> Result<StaffMember> {
    /// id, name, role, expires_at, revoked_at, disabled_at
    type Row = (String, String, String, i64, Option<i64>, Option<i64>);
    let token_hash = sha256_hex(token);
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.id, s.name, s.role, ss.expires_at, ss.revoked_at, s.disabled_at
         FROM staff_sessions ss JOIN staff s ON s.id = ss.staff_id WHERE ss.token_hash = $1",
    )
    .bind(&token_hash)
    .fetch_optional(db)
    .await?;
    match row {
        Some((id, name, role, expires_at, None, None)) if expires_at > now() => {
            let role = Role::parse(&role).ok_or(Error::Unauthorized)?;
            Ok(StaffMember { profile: StaffProfile { id, name, role }, token_hash })
        }
        Some((_, _, _, _, None, None)) => Err(Error::SessionExpired),
        _ => Err(Error::Unauthorized),
    }
}

/// Ends the session (idempotent).
pub async fn logout(db: &Db, staff: &StaffMember) -> Result<()> {
    sqlx::query("UPDATE staff_sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(&staff.token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// The console is open: a pharmacist polling the queue is on duty.
pub async fn seen(db: &Db, staff: &StaffMember) -> Result<()> {
    sqlx::query("UPDATE staff_sessions SET seen_at = $1 WHERE token_hash = $2")
        .bind(now())
        .bind(&staff.token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Records a staff read or answer of member data outside prescriptions (ids only).
pub async fn record(db: &Db, staff: &StaffMember, action: &str, subject: &str) -> Result<()> {
    sqlx::query("INSERT INTO staff_access (id, staff_id, action, subject, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(new_id())
        .bind(staff.id())
        .bind(action)
        .bind(subject)
        .bind(now())
        .execute(db)
        .await?;
    Ok(())
}

/// Who did what to `subject` (a feedback or consultation id), oldest first: `(staff id, action)`.
pub async fn trail(db: &Db, subject: &str) -> Result<Vec<(String, String)>> {
    Ok(sqlx::query_as("SELECT staff_id, action FROM staff_access WHERE subject = $1 ORDER BY at, id")
        .bind(subject)
        .fetch_all(db)
        .await?)
}

/// Takes (or renews) the caller's claim on a prescription in review; returns when it lapses.
/// One UPDATE decides between racing pharmacists: only a free, lapsed or own claim is taken.
pub async fn claim(db: &Db, prescription_id: &str, staff: &StaffMember) -> Result<i64> {
    let t = now();
    let until = t + CLAIM_LEASE_SECS;
    let taken = sqlx::query(
        "UPDATE prescriptions SET claimed_by = $1, claim_expires_at = $2
         WHERE id = $3 AND status = 'in_review'
           AND (claimed_by IS NULL OR claimed_by = $1 OR claim_expires_at <= $4)",
    )
    .bind(staff.id())
    .bind(until)
    .bind(prescription_id)
    .bind(t)
    .execute(db)
    .await?
    .rows_affected();
    if taken == 1 {
        return Ok(until);
    }
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT p.status, s.name FROM prescriptions p LEFT JOIN staff s ON s.id = p.claimed_by WHERE p.id = $1",
    )
    .bind(prescription_id)
    .fetch_optional(db)
    .await?;
    match row {
        None => Err(Error::NotFound("prescription")),
        Some((status, _)) if status != "in_review" => Err(Error::Conflict {
            code: codes::INVALID_STATE,
            message: "the prescription is not awaiting review".into(),
        }),
        Some((_, holder)) => Err(Error::Conflict {
            code: codes::CLAIMED,
            message: format!("{} is reviewing this prescription", holder.unwrap_or_default()),
        }),
    }
}

/// Gives up the caller's claim (another pharmacist may take it at once).
pub async fn release(db: &Db, prescription_id: &str, staff: &StaffMember) -> Result<()> {
    sqlx::query(
        "UPDATE prescriptions SET claimed_by = NULL, claim_expires_at = NULL WHERE id = $1 AND claimed_by = $2",
    )
    .bind(prescription_id)
    .bind(staff.id())
    .execute(db)
    .await?;
    Ok(())
}

/// Adds a staff account (the platform's HR system calls this with the machine credential).
pub async fn create(db: &Db, phone: &Phone, name: &str, role: Role) -> Result<String> {
    let id = new_id();
    let inserted = sqlx::query(
        "INSERT INTO staff (id, phone, name, role, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (phone) DO NOTHING",
    )
    .bind(&id)
    .bind(phone.as_str())
    .bind(name)
    .bind(role.as_str())
    .bind(now())
    .execute(db)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(Error::Conflict {
            code: codes::STAFF_EXISTS,
            message: "a staff member with this phone exists".into(),
        });
    }
    Ok(id)
}

/// Prescriptions in review, the longest waiting first, with who holds each.
pub async fn queue(db: &Db, staff: &StaffMember) -> Result<Vec<api::staff::QueueItem>> {
    type Row = (String, String, Option<i64>, Option<String>, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.member_id, p.submitted_at, p.claimed_by, p.claim_expires_at, s.name
         FROM prescriptions p LEFT JOIN staff s ON s.id = p.claimed_by
         WHERE p.status = 'in_review' ORDER BY p.submitted_at, p.id",
    )
    .fetch_all(db)
    .await?;
    let t = now();
    let mut out = Vec::with_capacity(rows.len());
    for (id, member, submitted_at, holder, until, holder_name) in rows {
        let held = until.is_some_and(|u| u > t);
        let mine = held && holder.as_deref() == Some(staff.id());
        let Some(card) = crate::prescriptions::list(db, &member).await?.into_iter().find(|c| c.id == id) else {
            continue;
        };
        out.push(api::staff::QueueItem {
            card,
            submitted_at: submitted_at.unwrap_or_default(),
            claimed_by: if held && !mine { holder_name } else { None },
            mine,
        });
    }
    Ok(out)
}

/// Upload → decision times of the last `days` days, per day (UTC+8) of the decision.
pub async fn review_times(db: &Db, days: i64) -> Result<Vec<api::staff::ReviewDay>> {
    let since = now() - days.clamp(1, 90) * 86_400;
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT created_at, decided_at FROM prescriptions WHERE decided_at IS NOT NULL AND decided_at >= $1",
    )
    .bind(since)
    .fetch_all(db)
    .await?;
    let samples: Vec<(String, i64)> = rows
        .into_iter()
        .map(|(created, decided)| {
            let d = time::OffsetDateTime::from_unix_timestamp(decided)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
                .to_offset(crate::store::CHINA);
            (format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day()), (decided - created).max(0))
        })
        .collect();
    Ok(api::staff::review_days(&samples))
}
