//! Loyalty: points and the ledger, the earning rules, rewards to redeem, the coupon wallet and
//! member card, tiers, and this month's offers.
mod offers;
mod points;
mod points_rules;
mod rewards;
mod strings;
mod tier;
mod wallet;

pub use offers::{offer_line, offer_title, OffersPage};
pub use points::PointsPage;
pub use points_rules::PointsRulesPage;
pub use rewards::RewardsPage;
pub use strings::use_loyalty_strings;
pub use tier::TierPage;
pub use wallet::WalletPage;
