//! The home screen's summary: one request for everything the first screen shows.
use serde::{Deserialize, Serialize};

use crate::articles::ArticleCard;
use crate::points::Expiring;
use crate::prescriptions::PrescriptionCard;
use crate::schedule::NextDose;
use crate::tier::TierStatus;

/// `GET /api/v1/home`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeSummary {
    pub member_name: String,
    pub points_balance: i64,
    pub points_expiring: Option<Expiring>,
    pub tier: TierStatus,
    pub next_dose: Option<NextDose>,
    pub pending_prescription: Option<PrescriptionCard>,
    pub latest_article: Option<ArticleCard>,
    /// This month's offer to show first (the member's own medicine's when personalised), if
    /// one is running and not yet claimed.
    #[serde(default)]
    pub offer: Option<crate::campaigns::Offer>,
}
