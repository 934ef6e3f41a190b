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
}
