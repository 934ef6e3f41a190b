//! `POST /auth/code`, `/auth/login`, `/auth/logout`.
use api::auth::{CodeRequest, CodeResponse, ExchangeRequest, LoginRequest, SessionResponse};
use api::ErrorBody;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extract::CurrentMember;
use crate::auth::rate_limit::{self, Subject};
use crate::http::error::Result;
use crate::http::extract::{ApiJson, ClientIp};
use crate::{auth, AppState};

/// Sends a one-time login code (dev mode returns it in the response instead of an SMS).
#[utoipa::path(post, path = "/api/v1/auth/code", tag = "auth", request_body = CodeRequest,
    responses((status = 200, body = CodeResponse), (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn request_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Json<CodeResponse>> {
    let phone = auth::parse_phone(&req.phone)?;
    if auth::limits_apply(&state, &phone) {
        let limits = &state.config.rate_limits;
        rate_limit::hit_both(&state.db, &state.hash_key, limits.code_per_ip, ip, limits.code_per_phone, phone.as_str())
            .await?;
    }
    let code = auth::issue_code(&state, &phone).await?;
    Ok(Json(CodeResponse {
        expires_in_secs: state.config.code_ttl_secs as u32,
        dev_code: state.config.is_dev().then_some(code),
    }))
}

/// Exchanges phone + code for a session (token in the body and an HttpOnly cookie). A
/// session the request still carries is revoked: each login starts a fresh one.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = SessionResponse), (status = 400, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "too_many_attempts, rate_limited (with Retry-After)")))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<impl IntoResponse> {
    let phone = auth::parse_phone(&req.phone)?;
    let (token, expires_at) = auth::login(&state, ip, &phone, req.code.trim()).await?;
    auth::revoke_presented(&state, &headers).await?;
    let cookie = auth::session_cookie(&state, Some(&token), state.config.session_ttl_secs);
    Ok(([(header::SET_COOKIE, cookie)], Json(SessionResponse { token, expires_at })))
}

/// Exchanges a mini-program hand-off code (single use, 60 s) for a session, like [`login`].
#[utoipa::path(post, path = "/api/v1/auth/exchange", tag = "auth", request_body = ExchangeRequest,
    responses((status = 200, body = SessionResponse), (status = 400, body = ErrorBody, description = "invalid_handoff")))]
pub async fn exchange(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ExchangeRequest>,
) -> Result<impl IntoResponse> {
    let limit = state.config.rate_limits.exchange_per_ip;
    rate_limit::hit(&state.db, &state.hash_key, limit, Subject::Ip(ip)).await?;
    let (token, expires_at) = auth::exchange(&state, req.code.trim()).await?;
    auth::revoke_presented(&state, &headers).await?;
    let cookie = auth::session_cookie(&state, Some(&token), state.config.session_ttl_secs);
    Ok(([(header::SET_COOKIE, cookie)], Json(SessionResponse { token, expires_at })))
}

/// Revokes the current session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, member: CurrentMember) -> Result<impl IntoResponse> {
    auth::logout(&state, &member).await?;
    let cookie = auth::session_cookie(&state, None, 0);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]))
}

/// Revokes every session of the member, on every device ("log out everywhere"), this one
/// included; answers with the number revoked.
#[utoipa::path(post, path = "/api/v1/auth/logout-all", tag = "auth",
    responses((status = 200, body = api::auth::LogoutAllResponse), (status = 401, body = ErrorBody)))]
pub async fn logout_all(State(state): State<AppState>, member: CurrentMember) -> Result<impl IntoResponse> {
    let revoked = auth::logout_all(&state.db, &member.member_id).await?;
    let cookie = auth::session_cookie(&state, None, 0);
    Ok(([(header::SET_COOKIE, cookie)], Json(api::auth::LogoutAllResponse { revoked })))
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_code))
        .routes(routes!(login))
        .routes(routes!(exchange))
        .routes(routes!(logout))
        .routes(routes!(logout_all))
}
