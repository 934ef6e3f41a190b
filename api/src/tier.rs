//! Membership tiers. Tiers are data served by the server (names, thresholds and benefits
//! differ between platforms); the rules here only compare amounts.
use serde::{Deserialize, Serialize};

/// One tier as configured on the server. Money is in fen (CNY cents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tier {
    pub code: String,
    pub rank: i32,
    pub name_zh: String,
    pub name_en: String,
    /// Qualifying spend in the current calendar year needed to hold this tier.
    pub min_annual_spend_fen: i64,
    /// Drug discount in percent off: 5 means 95折.
    pub drug_discount_percent: i32,
    pub benefits_zh: Vec<String>,
    pub benefits_en: Vec<String>,
}

/// Where a member stands: current tier and what the next one needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierStatus {
    pub current: Tier,
    pub next: Option<Tier>,
    pub annual_spend_fen: i64,
    /// Spend still needed to reach `next`; 0 at the top tier.
    pub spend_to_next_fen: i64,
    /// 0–1000 (per mille), for a progress bar without floats on the wire.
    pub progress_permille: u16,
}

/// Picks the tier for a year's qualifying spend and the progress to the next one.
/// Returns `None` only when `tiers` is empty.
pub fn tier_status(tiers: &[Tier], annual_spend_fen: i64) -> Option<TierStatus> {
    let mut sorted: Vec<&Tier> = tiers.iter().collect();
    sorted.sort_by_key(|t| (t.min_annual_spend_fen, t.rank));
    // The lowest tier is where everyone starts, whatever its configured threshold.
    let idx = sorted.iter().rposition(|t| annual_spend_fen >= t.min_annual_spend_fen).unwrap_or(0);
    let current = (*sorted.get(idx)?).clone();
    let next = sorted.get(idx + 1).map(|t| (*t).clone());
    let (spend_to_next_fen, progress_permille) = match &next {
        None => (0, 1000),
        Some(n) => {
            let span = (n.min_annual_spend_fen - current.min_annual_spend_fen).max(1);
            let done = (annual_spend_fen - current.min_annual_spend_fen).clamp(0, span);
            ((n.min_annual_spend_fen - annual_spend_fen).max(0), (done * 1000 / span) as u16)
        }
    };
    Some(TierStatus { current, next, annual_spend_fen, spend_to_next_fen, progress_permille })
}

/// `¥1,234.50` style text for fen amounts; whole yuan drop the decimals.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let grouped = crate::numbers::group_thousands((fen / 100) as i64);
    match fen % 100 {
        0 => format!("{sign}¥{grouped}"),
        cents => format!("{sign}¥{grouped}.{cents:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(code: &str, rank: i32, min_yuan: i64) -> Tier {
        Tier {
            code: code.into(),
            rank,
            name_zh: code.into(),
            name_en: code.into(),
            min_annual_spend_fen: min_yuan * 100,
            drug_discount_percent: 5,
            benefits_zh: vec![],
            benefits_en: vec![],
        }
    }

    fn tiers() -> Vec<Tier> {
        // Deliberately unsorted: the order of configuration must not matter.
        vec![tier("gold", 3, 5000), tier("bronze", 1, 0), tier("silver", 2, 2000)]
    }

    #[test]
    fn new_member_is_bronze_with_progress_towards_silver() {
        let s = tier_status(&tiers(), 0).unwrap();
        assert_eq!(s.current.code, "bronze");
        assert_eq!(s.next.unwrap().code, "silver");
        assert_eq!(s.spend_to_next_fen, 200_000);
        assert_eq!(s.progress_permille, 0);
    }

    #[test]
    fn reaching_a_threshold_exactly_grants_the_tier() {
        let s = tier_status(&tiers(), 500_000).unwrap();
        assert_eq!(s.current.code, "gold");
        assert!(s.next.is_none());
        assert_eq!((s.spend_to_next_fen, s.progress_permille), (0, 1000));
    }

    #[test]
    fn progress_is_measured_within_the_current_band() {
        // ¥3,500 of the ¥2,000 → ¥5,000 band is half way.
        let s = tier_status(&tiers(), 350_000).unwrap();
        assert_eq!(s.current.code, "silver");
        assert_eq!(s.progress_permille, 500);
        assert_eq!(s.spend_to_next_fen, 150_000);
    }

    #[test]
    fn no_tiers_configured_gives_none() {
        assert!(tier_status(&[], 100).is_none());
    }

    #[test]
    fn formats_yuan_with_grouping() {
        assert_eq!(format_yuan(500_000), "¥5,000");
        assert_eq!(format_yuan(123_456_789), "¥1,234,567.89");
        assert_eq!(format_yuan(5), "¥0.05");
        assert_eq!(format_yuan(-1000), "-¥10");
    }
}
