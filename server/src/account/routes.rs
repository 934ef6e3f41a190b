//! `GET, PUT, DELETE /me/consent`, `GET /me/export`, `DELETE /me`: consent and the member's
//! rights over their data (PIPL).
use api::error::codes;
use api::member::{AcceptConsent, Consent, DeleteAccount, DELETE_CONFIRMATION};
use api::ErrorBody;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extract::CurrentMember;
use crate::http::error::{Error, Result};
use crate::http::extract::ApiJson;
use crate::{account, auth, privacy, AppState};

/// The privacy policy in force and what the member accepted.
#[utoipa::path(get, path = "/api/v1/me/consent", tag = "member",
    responses((status = 200, body = Consent), (status = 401, body = ErrorBody)))]
pub async fn consent(State(state): State<AppState>, member: CurrentMember) -> Result<Json<Consent>> {
    Ok(Json(privacy::consent(&state.db, &member.member_id).await?))
}

/// Records that the member accepted the policy version they were shown (the current one).
#[utoipa::path(put, path = "/api/v1/me/consent", tag = "member", request_body = AcceptConsent,
    responses((status = 200, body = Consent), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "invalid_state: not the version in force")))]
pub async fn accept_consent(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(req): ApiJson<AcceptConsent>,
) -> Result<Json<Consent>> {
    Ok(Json(privacy::accept(&state.db, &member.member_id, &req.version).await?))
}

/// Everything the server holds about the member, as a JSON download.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "member",
    responses((status = 200, content_type = "application/json", body = Object), (status = 401, body = ErrorBody)))]
pub async fn export(State(state): State<AppState>, member: CurrentMember) -> Result<impl IntoResponse> {
    let doc = account::export(&state.db, state.at_rest(), &member.member_id).await?;
    let body = serde_json::to_vec_pretty(&doc).map_err(anyhow::Error::from)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"member-data.json\""),
        ],
        body,
    ))
}

/// Deletes the account and everything keyed to it; every session ends. The body must be
/// `{"confirm": "delete"}`.
#[utoipa::path(delete, path = "/api/v1/me", tag = "member", request_body = DeleteAccount,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(req): ApiJson<DeleteAccount>,
) -> Result<impl IntoResponse> {
    if req.confirm != DELETE_CONFIRMATION {
        return Err(Error::bad_request(codes::BAD_REQUEST, "confirm with {\"confirm\": \"delete\"}"));
    }
    let files = account::delete(&state, &member.member_id).await?;
    tracing::info!(files, "account deleted");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, auth::session_cookie(&state, None, 0))]))
}

/// The member's privacy choices.
#[utoipa::path(get, path = "/api/v1/me/privacy", tag = "member",
    responses((status = 200, body = api::member::Privacy), (status = 401, body = ErrorBody)))]
pub async fn privacy(State(state): State<AppState>, member: CurrentMember) -> Result<Json<api::member::Privacy>> {
    Ok(Json(crate::privacy::get(&state.db, &member.member_id).await?))
}

/// Changes the member's privacy choices; takes effect on the next request.
#[utoipa::path(put, path = "/api/v1/me/privacy", tag = "member", request_body = api::member::Privacy,
    responses((status = 200, body = api::member::Privacy), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn set_privacy(
    State(state): State<AppState>,
    member: CurrentMember,
    crate::http::extract::ApiJson(choice): crate::http::extract::ApiJson<api::member::Privacy>,
) -> Result<Json<api::member::Privacy>> {
    Ok(Json(crate::privacy::set(&state.db, &member.member_id, choice).await?))
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(delete))
        .routes(routes!(privacy, set_privacy))
        .routes(routes!(consent, accept_consent))
        .routes(routes!(export))
        .routes(routes!(signup))
}

/// A new member joins (from an invite link, or without one): the SMS code proves the number,
/// the invite code links them to who invited them (once, ever) with a welcome coupon, and a
/// session opens. Consent is asked at once, as at any first login. Rate-limited like login.
#[utoipa::path(post, path = "/api/v1/auth/signup", tag = "auth", request_body = api::referral::SignupRequest,
    responses((status = 201, body = api::auth::SessionResponse),
        (status = 400, body = ErrorBody, description = "invalid_phone, invalid_code, invalid_referral_code"),
        (status = 409, body = ErrorBody, description = "member_exists: log in instead"),
        (status = 429, body = ErrorBody)))]
pub async fn signup(
    State(state): State<AppState>,
    crate::http::extract::ClientIp(ip): crate::http::extract::ClientIp,
    ApiJson(req): ApiJson<api::referral::SignupRequest>,
) -> Result<impl IntoResponse> {
    let phone = crate::auth::parse_phone(&req.phone)?;
    auth::verify_sign_in(&state, ip, &phone, req.code.trim()).await?;
    let mut tx = state.db.begin().await?;
    let id = crate::account::register(&mut tx, &state, &phone, &req.name, req.referral_code.as_deref()).await?;
    let (token, expires_at) = auth::insert_session(&mut tx, state.config.session_ttl_secs, &id).await?;
    tx.commit().await?;
    let cookie = auth::session_cookie(&state, Some(&token), state.config.session_ttl_secs);
    Ok((StatusCode::CREATED, [(header::SET_COOKIE, cookie)], Json(api::auth::SessionResponse { token, expires_at })))
}
