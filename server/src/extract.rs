//! Extractors that keep the app's error shape: JSON bodies and the signed-in member.
use api::error::codes;
use axum::extract::rejection::JsonRejection;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use api::staff::Duty;

use crate::error::Error;
use crate::staff::StaffMember;
use crate::{auth, AppState};

/// Like `axum::Json`, but a malformed, mistyped or oversize body becomes the app's JSON error.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> Error {
    let status = rejection.status();
    let (code, message) = match &rejection {
        JsonRejection::MissingJsonContentType(_) => {
            (codes::UNSUPPORTED_MEDIA_TYPE, "expected Content-Type: application/json".to_string())
        }
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
            (codes::PAYLOAD_TOO_LARGE, "request body is too large".to_string())
        }
        // serde's message names the field and the position, never the submitted values.
        JsonRejection::JsonDataError(e) => (codes::INVALID_JSON, e.body_text()),
        JsonRejection::JsonSyntaxError(e) => (codes::INVALID_JSON, e.body_text()),
        other => (codes::BAD_REQUEST, other.body_text()),
    };
    Error::Rejected { status, code, message }
}

/// Like `axum::extract::Query`, but a malformed query string becomes the app's JSON error.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(Error::bad_request(codes::BAD_REQUEST, rejection.body_text())),
        }
    }
}

/// Like `axum::extract::Path`, but a path segment of the wrong type (`/pages/abc` for a page
/// number) becomes the app's JSON error instead of a plain-text body.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(Error::bad_request(codes::BAD_REQUEST, rejection.body_text())),
        }
    }
}

/// The member behind the request's session token (bearer header or session cookie).
#[derive(Debug, Clone)]
pub struct CurrentMember {
    pub member_id: String,
    pub token_hash: String,
    /// Whether the member accepted the privacy policy in force.
    pub consented: bool,
}

impl FromRequestParts<AppState> for CurrentMember {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = session_token(&parts.headers).ok_or(Error::Unauthorized)?;
        auth::authenticate(state, &token).await
    }
}

/// A signed-in member who accepted the privacy policy in force: every endpoint that reads or
/// writes health data takes this, so consent holds at the server, not only in the portal
/// (403 `consent_required` otherwise). Export and account deletion do not need it.
#[derive(Debug, Clone)]
pub struct ConsentedMember(pub CurrentMember);

impl FromRequestParts<AppState> for ConsentedMember {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let member = CurrentMember::from_request_parts(parts, state).await?;
        if !member.consented {
            return Err(Error::ConsentRequired);
        }
        Ok(Self(member))
    }
}

/// Whose schedule a request is about ([`api::family::ACT_FOR_HEADER`], else the caller's own)
/// and what the caller may do with it; handlers check each action with [`crate::family::Subject::allow`].
pub struct ScheduleSubject(pub crate::family::Subject);

impl FromRequestParts<AppState> for ScheduleSubject {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ConsentedMember(member) = ConsentedMember::from_request_parts(parts, state).await?;
        let act_for = parts.headers.get(api::family::ACT_FOR_HEADER).and_then(|v| v.to_str().ok());
        Ok(Self(crate::family::resolve(&state.db, &member.member_id, act_for).await?))
    }
}

/// The session token a request presents: bearer header first, then the session cookie.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    bearer_token(headers).or_else(|| cookie_token(headers, auth::SESSION_COOKIE))
}

/// A signed-in staff member, whatever their role (the console's own endpoints: who am I,
/// sign out). Bearer header first, then the console's cookie; a member's token is refused.
pub struct AnyStaff(pub StaffMember);

impl FromRequestParts<AppState> for AnyStaff {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer_token(&parts.headers)
            .or_else(|| cookie_token(&parts.headers, crate::staff::STAFF_COOKIE))
            .ok_or(Error::Unauthorized)?;
        Ok(Self(crate::staff::authenticate(&state.db, &token).await?))
    }
}

/// Extractors for staff whose role does one [`Duty`]: checked before the body is read, so a
/// wrong role learns nothing (403 `forbidden`).
macro_rules! staff_on_duty {
    ($($(#[$doc:meta])* $name:ident => $duty:expr;)*) => {$(
        $(#[$doc])*
        pub struct $name(pub StaffMember);

        impl FromRequestParts<AppState> for $name {
            type Rejection = Error;

            async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
                let AnyStaff(staff) = AnyStaff::from_request_parts(parts, state).await?;
                if !staff.profile.role.may($duty) {
                    return Err(Error::Forbidden("this work belongs to another staff role"));
                }
                Ok(Self(staff))
            }
        }
    )*};
}

staff_on_duty! {
    /// A pharmacist: reviews prescriptions and answers consultations.
    Pharmacist => Duty::ReviewPrescriptions;
    /// Member service: answers feedback.
    ServiceAgent => Duty::AnswerFeedback;
    /// A content editor: writes and publishes articles.
    Editor => Duty::EditArticles;
}

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('=').map(str::to_string))
        .filter(|t| !t.is_empty())
}

/// The client's address, for per-address limits: the TCP peer, or with `--trust-proxy` the
/// last hop a reverse proxy appended to `X-Forwarded-For` (earlier entries are the client's
/// own claims and never trusted). Unknown (in-process tests) reads as loopback.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer =
            parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]));
        if !state.config.trust_proxy {
            return Ok(Self(peer));
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .and_then(|ip| ip.trim().parse().ok());
        Ok(Self(forwarded.unwrap_or(peer)))
    }
}

/// The `Idempotency-Key` header (8–128 visible ASCII characters), required by endpoints
/// whose retry must not act twice.
pub fn idempotency_key(headers: &HeaderMap) -> Result<&str, Error> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| (8..=128).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            Error::bad_request(
                codes::IDEMPOTENCY_KEY_MISSING,
                "an Idempotency-Key header (8-128 characters) is required",
            )
        })
}
