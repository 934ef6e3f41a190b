//! Staff requests: who signed in to the console, and whether their role does the work.
use api::staff::Duty;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::StaffMember;
use crate::http::error::Error;
use crate::http::extract::{bearer_token, cookie_token};
use crate::AppState;

/// A signed-in staff member, whatever their role (the console's own endpoints: who am I,
/// sign out). Bearer header first, then the console's cookie; a member's token is refused.
pub struct AnyStaff(pub StaffMember);

impl FromRequestParts<AppState> for AnyStaff {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer_token(&parts.headers)
            .or_else(|| cookie_token(&parts.headers, super::STAFF_COOKIE))
            .ok_or(Error::Unauthorized)?;
        Ok(Self(super::authenticate(&state.db, &token).await?))
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
