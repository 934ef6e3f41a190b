//! Back-office endpoints (the shop system, with the admin token; never a member session).
use serde::{Deserialize, Serialize};

use crate::tier::TierStatus;

/// `POST /api/v1/admin/orders`: the shop reports a completed order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletedOrder {
    /// The shop's order id: the same id twice credits once.
    pub order_id: String,
    pub member_id: String,
    pub amount_fen: i64,
}

/// What the order credited.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderCredited {
    /// False when this order id had already been credited (nothing changed).
    pub credited: bool,
    pub points: i64,
    pub birthday_bonus: i64,
    pub tier: TierStatus,
}

/// One entry of a prescription's access trail: who read or decided it, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRecord {
    pub prescription_id: String,
    /// `member`, `staff` or `system` (`admin` in records from before staff accounts).
    pub actor_kind: String,
    /// The member's or staff member's id, or `auto-review`.
    pub actor: String,
    /// `view`, `page`, `review_queue`, `decide` or `export`.
    pub action: String,
    /// Unix seconds.
    pub at: i64,
}

/// `POST /api/v1/admin/members`: the platform registers a member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMember {
    pub phone: String,
    pub name: String,
    /// The invite code the member signed up with (bring-a-friend), if any.
    #[serde(default)]
    pub referral_code: Option<String>,
}

/// What `POST /api/v1/admin/orders/{order_id}/refund` undid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderRefunded {
    /// False when this order had already been refunded (nothing changed).
    pub refunded: bool,
    /// Points taken back (what the order earned).
    pub points_reversed: i64,
}

/// The new member's id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberCreated {
    pub id: String,
}
