//! Points, tiers, rewards, benefit coupons, referrals and campaigns.
pub mod benefits;
pub mod campaigns;
pub mod data;
pub mod earning;
pub mod referrals;
pub mod rewards;
pub mod routes;
