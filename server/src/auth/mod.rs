//! Phone + one-time-code login and database-backed sessions.

pub mod demo;
pub mod extract;
pub mod rate_limit;
pub mod routes;
use api::auth::Phone;
use api::error::codes;

use crate::auth::extract::CurrentMember;
use crate::http::error::{Error, Result};
use crate::store::now;
use crate::AppState;

/// Name of the HttpOnly session cookie.
pub const SESSION_COOKIE: &str = "portal_session";
/// Wrong guesses allowed per issued code before it is burnt.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

/// The key of a number's pending code: a keyed hash, because codes are also sent to numbers
/// that are not members (the answer must not tell), whose numbers the table must not hold.
pub fn phone_key(state: &AppState, phone: &str) -> String {
    state.hash_key.hash("login_code:phone", phone)
}

/// A code is six digits: keyed too, so a copy of the table cannot be searched for the live
/// codes (10^6 tries) and used to sign in.
fn code_hash(state: &AppState, phone: &Phone, code: &str) -> String {
    state.hash_key.hash("login_code", &format!("{}:{code}", phone.as_str()))
}

/// Issues a login code for `phone` and returns it; the caller decides whether it may be shown
/// (dev mode only). Unknown numbers get a code too, so responses do not reveal who is a member.
pub async fn issue_code(state: &AppState, phone: &Phone) -> Result<String> {
    if state.config.is_dev() && demo::is_demo_phone(phone) {
        return Ok(demo::CODE.to_string());
    }
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    let issued_at = now();
    // The upsert only replaces a code older than the resend interval, in one statement,
    // so two quick requests (a double tap, or two instances) cannot both send an SMS.
    let written = sqlx::query(
        "INSERT INTO login_codes (phone_key, code_hash, expires_at, attempts, issued_at) VALUES ($1, $2, $3, 0, $4)
         ON CONFLICT (phone_key) DO UPDATE SET code_hash = excluded.code_hash,
           expires_at = excluded.expires_at, attempts = 0, issued_at = excluded.issued_at
         WHERE login_codes.issued_at <= $5",
    )
    .bind(phone_key(state, phone.as_str()))
    .bind(code_hash(state, phone, &code))
    .bind(issued_at + state.config.code_ttl_secs)
    .bind(issued_at)
    .bind(issued_at - api::auth::RESEND_AFTER_SECS)
    .execute(&state.db)
    .await?
    .rows_affected();
    if written == 0 {
        return Err(Error::ResendTooSoon);
    }
    Ok(code)
}

/// Checks the code (single use, expiring, attempt-limited) and opens a session.
/// Returns the raw token (shown once) and its expiry.
pub async fn login(state: &AppState, ip: std::net::IpAddr, phone: &Phone, code: &str) -> Result<(String, i64)> {
    let invalid = || Error::bad_request(codes::INVALID_CODE, "the code is wrong or has expired");
    verify_sign_in(state, ip, phone, code).await?;
    let member_id: Option<String> = sqlx::query_scalar("SELECT id FROM members WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(&state.db)
        .await?;
    let member_id = member_id.ok_or_else(invalid)?;
    open_session(state, &member_id).await
}

/// A new session for `member_id`: returns the raw token (shown once) and its expiry.
async fn open_session(state: &AppState, member_id: &str) -> Result<(String, i64)> {
    let mut conn = state.db.acquire().await?;
    insert_session(&mut conn, state.config.session_ttl_secs, member_id).await
}

pub(crate) async fn insert_session(
    conn: &mut sqlx::AnyConnection,
    ttl_secs: i64,
    member_id: &str,
) -> Result<(String, i64)> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let created = now();
    let expires_at = created + ttl_secs;
    sqlx::query("INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(crate::store::keyed_hash::sha256_hex(&token))
        .bind(member_id)
        .bind(created)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok((token, expires_at))
}

/// A one-time code that signs `phone`'s member in when the mini-program opens the portal.
/// Unknown numbers are refused: the caller is the platform, which knows its members.
pub async fn issue_handoff(state: &AppState, phone: &Phone) -> Result<String> {
    let member_id: String = sqlx::query_scalar("SELECT id FROM members WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(&state.db)
        .await?
        .ok_or(Error::NotFound("no member with this phone number"))?;
    let code = hex::encode(rand::random::<[u8; 32]>());
    sqlx::query("INSERT INTO handoff_codes (code_hash, member_id, expires_at) VALUES ($1, $2, $3)")
        .bind(crate::store::keyed_hash::sha256_hex(&code))
        .bind(&member_id)
        .bind(now() + api::auth::HANDOFF_TTL_SECS)
        .execute(&state.db)
        .await?;
    Ok(code)
}

/// Spends a hand-off code and opens a session. The check and the spending are one UPDATE,
/// so two tabs (or two instances) racing with one code cannot both succeed.
pub async fn exchange(state: &AppState, code: &str) -> Result<(String, i64)> {
    let invalid = || Error::bad_request(codes::INVALID_HANDOFF, "this sign-in link has expired or was already used");
    if !api::auth::is_valid_handoff_code(code) {
        return Err(invalid());
    }
    // One transaction: a failure opening the session leaves the code unspent for a retry.
    let mut tx = state.db.begin().await?;
    let member_id: Option<String> = sqlx::query_scalar(
        "UPDATE handoff_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING member_id",
    )
    .bind(now())
    .bind(crate::store::keyed_hash::sha256_hex(code))
    .fetch_optional(&mut *tx)
    .await?;
    let session = insert_session(&mut tx, state.config.session_ttl_secs, &member_id.ok_or_else(invalid)?).await?;
    tx.commit().await?;
    Ok(session)
}

/// Checks a sign-in code for `phone` (members, staff, sign-up), counting the attempt against
/// the per-address and per-number limits first: dev mode's fixed code for the demo numbers,
/// else the stored one (single use, expiring, attempt-limited). A right code clears the
/// number's count.
pub(crate) async fn verify_sign_in(state: &AppState, ip: std::net::IpAddr, phone: &Phone, code: &str) -> Result<()> {
    let limited = limits_apply(state, phone);
    let limits = &state.config.rate_limits;
    if limited {
        crate::auth::rate_limit::hit_both(
            &state.db,
            &state.hash_key,
            limits.login_per_ip,
            ip,
            limits.login_per_phone,
            phone.as_str(),
        )
        .await?;
    }
    if !api::auth::is_valid_code(code) {
        return Err(Error::bad_request(codes::INVALID_CODE, "the code is wrong or has expired"));
    }
    let demo_ok = state.config.is_dev() && demo::is_demo_phone(phone) && code == demo::CODE;
    if !demo_ok {
        verify_stored_code(state, phone, code).await?;
    }
    if limited {
        let subject = crate::auth::rate_limit::Subject::Phone(phone.as_str());
        crate::auth::rate_limit::clear(&state.db, &state.hash_key, limits.login_per_phone, subject).await?;
    }
    Ok(())
}

async fn verify_stored_code(state: &AppState, phone: &Phone, code: &str) -> Result<()> {
    let invalid = || Error::bad_request(codes::INVALID_CODE, "the code is wrong or has expired");
    // Count the attempt first, atomically, so parallel guesses cannot exceed the limit.
    let row: Option<(String, i64, i64)> = sqlx::query_as(
        "UPDATE login_codes SET attempts = attempts + 1 WHERE phone_key = $1
         RETURNING code_hash, expires_at, attempts",
    )
    .bind(phone_key(state, phone.as_str()))
    .fetch_optional(&state.db)
    .await?;
    let (hash, expires_at, attempts) = row.ok_or_else(invalid)?;
    if attempts > MAX_CODE_ATTEMPTS {
        return Err(Error::TooManyAttempts);
    }
    if expires_at <= now() || hash != code_hash(state, phone, code) {
        return Err(invalid());
    }
    // Single use.
    sqlx::query("DELETE FROM login_codes WHERE phone_key = $1")
        .bind(phone_key(state, phone.as_str()))
        .execute(&state.db)
        .await?;
    Ok(())
}

/// Resolves a raw token to its member: unknown or revoked → `Unauthorized`, past expiry →
/// `SessionExpired` (so the portal can say why it asks to log in again).
pub async fn authenticate(state: &AppState, token: &str) -> Result<CurrentMember> {
    let token_hash = crate::store::keyed_hash::sha256_hex(token);
    // The member's consent comes with the session (one query): health endpoints need it.
    let row: Option<(String, i64, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT s.member_id, s.expires_at, s.revoked_at, m.consent_version
         FROM sessions s JOIN members m ON m.id = s.member_id WHERE s.token_hash = $1",
    )
    .bind(&token_hash)
    .fetch_optional(&state.db)
    .await?;
    match row {
        Some((member_id, expires_at, None, consent)) if expires_at > now() => {
            Ok(CurrentMember { member_id, token_hash, consented: !crate::privacy::consent_due(consent.as_deref()) })
        }
        Some((_, _, None, _)) => Err(Error::SessionExpired),
        _ => Err(Error::Unauthorized),
    }
}

/// Whether the brute-force limits apply to `phone`: always, except dev mode's demo members,
/// whose code is printed for everyone (limiting them would only slow the demo and the tests).
pub fn limits_apply(state: &AppState, phone: &Phone) -> bool {
    !(state.config.is_dev() && demo::is_demo_phone(phone))
}

/// Revokes the session a login request still carries (rotation: a token that was known
/// before signing in, e.g. planted in a shared browser, is worthless after).
pub async fn revoke_presented(state: &AppState, headers: &axum::http::HeaderMap) -> Result<()> {
    if let Some(token) = crate::auth::extract::session_token(headers) {
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(now())
            .bind(crate::store::keyed_hash::sha256_hex(&token))
            .execute(&state.db)
            .await?;
    }
    Ok(())
}

/// Revokes every live session of the member; returns how many.
pub async fn logout_all(db: &crate::store::Db, member_id: &str) -> Result<u64> {
    Ok(sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE member_id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(member_id)
        .execute(db)
        .await?
        .rows_affected())
}

/// Revokes the session (idempotent).
pub async fn logout(state: &AppState, member: &CurrentMember) -> Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(&member.token_hash)
        .execute(&state.db)
        .await?;
    Ok(())
}

/// `Set-Cookie` value for a new session, or for clearing it (`token = None`).
pub fn session_cookie(state: &AppState, token: Option<&str>, max_age: i64) -> String {
    cookie(state, SESSION_COOKIE, "/api", token, max_age)
}

/// An HttpOnly, same-site session cookie `name` for `path` (members' or the staff console's).
pub fn cookie(state: &AppState, name: &str, path: &str, token: Option<&str>, max_age: i64) -> String {
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let (value, max_age) = match token {
        Some(t) => (t, max_age),
        None => ("", 0),
    };
    format!("{name}={value}; Path={path}; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// A mobile number from a request body, or 400 `invalid_phone`.
pub fn parse_phone(input: &str) -> Result<Phone> {
    Phone::parse(input).ok_or_else(|| Error::bad_request(codes::INVALID_PHONE, "not a valid mobile number"))
}
