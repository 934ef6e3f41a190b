//! Extractors that keep the app's error shape: JSON bodies and the signed-in member.
use api::error::codes;
use axum::extract::rejection::JsonRejection;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::http::error::Error;
use crate::AppState;

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

/// The bearer token of an `Authorization` header, if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// The value of cookie `name`, if present and not empty.
pub fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
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
/// `?lang=en|zh-CN`
#[derive(Debug, Default, serde::Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

impl LangQuery {
    pub fn lang(&self) -> &str {
        self.lang.as_deref().unwrap_or("zh-CN")
    }
}

/// The back office's credential (the admin bearer token). An extractor, so it is checked
/// before the body is read: a caller without it learns nothing, not even what the body lacks.
pub struct Admin;

impl axum::extract::FromRequestParts<AppState> for Admin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &AppState) -> Result<Self, Error> {
        require_admin(state, &parts.headers).map(|()| Admin)
    }
}

/// Checks the machine credential in constant time.
pub fn require_admin(state: &AppState, headers: &HeaderMap) -> Result<(), Error> {
    let given = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match (state.config.admin_token(), given) {
        (Some(expected), Some(given)) if constant_time_eq(expected.as_bytes(), given.as_bytes()) => Ok(()),
        _ => Err(Error::Unauthorized),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
