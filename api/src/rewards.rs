//! Rewards bought with points, and the coupon wallet they land in.
use serde::{Deserialize, Serialize};

/// A reward in the catalogue. Names come in both languages (catalogue data, not UI text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reward {
    pub id: String,
    /// `drug_coupon`, `free_delivery` or `health_service`.
    pub kind: String,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub points_cost: i64,
    /// Items left; `None` means unlimited.
    pub stock: Option<i64>,
    /// How many one member may redeem; `None` means no limit.
    pub per_member_limit: Option<i32>,
    /// How many this member already redeemed.
    pub redeemed_by_me: i32,
    pub valid_days: i32,
}

/// Where a coupon stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CouponStatus {
    Active,
    Used,
    Expired,
}

/// A coupon in the member's wallet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coupon {
    pub id: String,
    /// `redeem`, `tier`, `birthday`, `referral` (a voucher or welcome coupon) or `campaign`.
    pub source: String,
    pub kind: String,
    pub title_zh: String,
    pub title_en: String,
    pub value_fen: Option<i64>,
    pub min_order_fen: Option<i64>,
    /// Unix seconds.
    pub valid_from: i64,
    pub valid_until: i64,
    pub status: CouponStatus,
}

/// `POST /api/v1/rewards/{id}/redeem` succeeded: the new coupon and the balance after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemResponse {
    pub coupon: Coupon,
    pub balance: i64,
}

/// Why a redemption is refused. Each maps to a stable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    InsufficientPoints,
    OutOfStock,
    LimitReached,
}

/// Checks a redemption against the member's balance, the stock and the member's limit.
/// Stock is checked first: a sold-out reward is sold out whatever the balance.
pub fn check_redeem(
    balance: i64,
    cost: i64,
    stock: Option<i64>,
    limit: Option<i32>,
    already: i32,
) -> Result<(), Refusal> {
    if stock.is_some_and(|s| s <= 0) {
        return Err(Refusal::OutOfStock);
    }
    if limit.is_some_and(|l| already >= l) {
        return Err(Refusal::LimitReached);
    }
    if balance < cost {
        return Err(Refusal::InsufficientPoints);
    }
    Ok(())
}

/// A coupon's status at `now`.
pub fn coupon_status(used_at: Option<i64>, valid_until: i64, now: i64) -> CouponStatus {
    match used_at {
        Some(_) => CouponStatus::Used,
        None if valid_until < now => CouponStatus::Expired,
        None => CouponStatus::Active,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redeems_when_points_stock_and_limit_allow() {
        assert_eq!(check_redeem(500, 500, Some(1), Some(1), 0), Ok(()));
        assert_eq!(check_redeem(500, 500, None, None, 99), Ok(()));
    }

    #[test]
    fn refuses_with_the_reason_a_member_can_act_on() {
        assert_eq!(check_redeem(499, 500, None, None, 0), Err(Refusal::InsufficientPoints));
        assert_eq!(check_redeem(10_000, 500, Some(0), None, 0), Err(Refusal::OutOfStock));
        assert_eq!(check_redeem(10_000, 500, None, Some(2), 2), Err(Refusal::LimitReached));
        // Sold out wins over not enough points: topping up would not help.
        assert_eq!(check_redeem(0, 500, Some(0), None, 0), Err(Refusal::OutOfStock));
    }

    #[test]
    fn coupon_status_follows_use_and_validity() {
        assert_eq!(coupon_status(None, 100, 50), CouponStatus::Active);
        assert_eq!(coupon_status(None, 100, 101), CouponStatus::Expired);
        assert_eq!(coupon_status(Some(60), 100, 101), CouponStatus::Used);
    }
}
