//! The signed-in member.
use serde::{Deserialize, Serialize};

use crate::tier::TierStatus;

/// `GET /api/v1/me`. The phone number only ever leaves the server masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: String,
    pub name: String,
    pub phone_masked: String,
    pub tier: TierStatus,
    /// Birthday-month benefits apply (double points, birthday coupon).
    pub in_birthday_month: bool,
    /// The member has not accepted the current privacy policy: the portal asks first.
    #[serde(default)]
    pub consent_due: bool,
}

/// `GET|PUT /api/v1/me/privacy`: what the member allows (PIPL: recommendations built from
/// their data can be turned off, and are off-able without losing anything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Privacy {
    /// Articles matching the member's medicines are listed first.
    pub personalised_recommendations: bool,
    /// Offers and campaign messages; off unless the member turns it on.
    #[serde(default)]
    pub marketing: bool,
}

/// `GET /api/v1/me/consent`: the privacy policy in force and what the member accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consent {
    /// The version the portal must show and the member accept (e.g. `2026-12`).
    pub current_version: String,
    pub accepted_version: Option<String>,
    /// Unix seconds.
    pub accepted_at: Option<i64>,
}

/// `PUT /api/v1/me/consent`: the member accepts this policy version (it must be the current one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptConsent {
    pub version: String,
}

/// `DELETE /api/v1/me`: the body must say `{"confirm": "delete"}`, so no stray request
/// (or a replayed one with another body) can erase an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteAccount {
    pub confirm: String,
}

/// The word [`DeleteAccount::confirm`] must carry.
pub const DELETE_CONFIRMATION: &str = "delete";

/// Whether `month` (1–12) is the month of a `MM-DD` birthday; unknown birthdays never match.
pub fn is_birthday_month(birthday_mmdd: Option<&str>, month: u8) -> bool {
    birthday_mmdd.and_then(|b| b.split('-').next()).and_then(|m| m.parse::<u8>().ok()) == Some(month)
}

#[cfg(test)]
mod tests {
    use super::is_birthday_month;

    #[test]
    fn birthday_month_matches_only_the_month() {
        assert!(is_birthday_month(Some("11-23"), 11));
        assert!(!is_birthday_month(Some("12-01"), 11));
        assert!(!is_birthday_month(None, 11));
        assert!(!is_birthday_month(Some("garbage"), 11));
    }
}
