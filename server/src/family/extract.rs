//! Whose schedule a request acts on.
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::extract::ConsentedMember;
use crate::http::error::Error;
use crate::AppState;

/// Whose schedule a request is about ([`api::family::ACT_FOR_HEADER`], else the caller's own)
/// and what the caller may do with it; handlers check each action with [`crate::family::Subject::allow`].
pub struct ScheduleSubject(pub crate::family::Subject);

impl FromRequestParts<AppState> for ScheduleSubject {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ConsentedMember(member) = ConsentedMember::from_request_parts(parts, state).await?;
        let act_for = parts.headers.get(api::family::ACT_FOR_HEADER).and_then(|v| v.to_str().ok());
        Ok(Self(super::resolve(&state.db, &member.member_id, act_for).await?))
    }
}
