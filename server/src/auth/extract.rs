//! Who a member request is from: the session behind its token, and whether they consented.
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::http::error::Error;
use crate::http::extract::{bearer_token, cookie_token};
use crate::AppState;

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
        super::authenticate(state, &token).await
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

/// The session token a request presents: bearer header first, then the session cookie.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    bearer_token(headers).or_else(|| cookie_token(headers, super::SESSION_COOKIE))
}
