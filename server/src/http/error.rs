//! The server's one error type and its stable JSON body.
use api::error::codes;
use api::ErrorBody;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Every handler returns `Result<T, Error>`. Client errors carry a stable code and a message
/// that is safe to show; server errors are logged with their cause and answered with a
/// generic body, so internals (SQL, paths, personal data) never reach a client.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("authentication required")]
    Unauthorized,
    #[error("session expired")]
    SessionExpired,
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Signed in, but not allowed this (a read-only caregiver logging a dose).
    #[error("{0}")]
    Forbidden(&'static str),
    /// Health data before the privacy policy in force is accepted (PIPL: consent first).
    #[error("accept the privacy policy in force first")]
    ConsentRequired,
    #[error("too many attempts")]
    TooManyAttempts,
    #[error("a code was sent less than a minute ago")]
    ResendTooSoon,
    /// Too many requests of one kind from one phone number or address: locked out for a while.
    #[error("too many requests; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: i64 },
    /// The request is valid but the current state refuses it (not enough points, sold out …).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Well-formed but unusable (e.g. an idempotency key reused for a different request).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// A rejection from an extractor (malformed JSON, oversize body …), keeping its status.
    #[error("{message}")]
    Rejected { status: StatusCode, code: &'static str, message: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Error {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { code, message: message.into() }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED),
            Self::SessionExpired => (StatusCode::UNAUTHORIZED, codes::SESSION_EXPIRED),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, codes::NOT_FOUND),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, codes::FORBIDDEN),
            Self::ConsentRequired => (StatusCode::FORBIDDEN, codes::CONSENT_REQUIRED),
            Self::TooManyAttempts => (StatusCode::TOO_MANY_REQUESTS, codes::TOO_MANY_ATTEMPTS),
            Self::ResendTooSoon => (StatusCode::TOO_MANY_REQUESTS, codes::RESEND_TOO_SOON),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, codes::RATE_LIMITED),
            Self::Conflict { code, .. } => (StatusCode::CONFLICT, code),
            Self::Unprocessable { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, code),
            Self::Rejected { status, code, .. } => (*status, code),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Self::Internal(e.into())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            Self::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                "internal server error".to_string()
            }
            other => other.to_string(),
        };
        let mut response = (status, Json(ErrorBody::new(code, message))).into_response();
        let retry_after = match &self {
            Self::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            Self::ResendTooSoon => Some(api::auth::RESEND_AFTER_SECS),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// Handlers' result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
