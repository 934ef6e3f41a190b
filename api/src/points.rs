//! Points: the balance is derived from an append-only ledger; earned points expire.
use serde::{Deserialize, Serialize};

/// One ledger entry as the member sees it. Positive `points` are earned, negative are spent
/// or expired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntry {
    pub id: String,
    /// `order`, `birthday`, `survey`, `referral`, `redeem`, `expire`, `adjust`.
    pub kind: String,
    pub points: i64,
    pub description: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds; only on earned entries.
    pub expires_at: Option<i64>,
}

/// `GET /api/v1/points`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsSummary {
    pub balance: i64,
    pub expiring: Option<Expiring>,
    pub recent: Vec<LedgerEntry>,
}

/// Points that will expire soon and the earliest date they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expiring {
    pub points: i64,
    /// Unix seconds.
    pub at: i64,
}

/// Sum of all entries; never below zero on screen even if the ledger was adjusted oddly.
pub fn balance(entries: &[LedgerEntry]) -> i64 {
    entries.iter().map(|e| e.points).sum::<i64>().max(0)
}

/// Points that expire within `window_secs` after `now`, spending the oldest-expiring
/// earned points first (FIFO), so points already spent never count as "expiring".
pub fn expiring_within(entries: &[LedgerEntry], now: i64, window_secs: i64) -> Option<Expiring> {
    let mut lots: Vec<(i64, i64)> =
        entries.iter().filter(|e| e.points > 0).map(|e| (e.expires_at.unwrap_or(i64::MAX), e.points)).collect();
    lots.sort();
    let mut to_consume: i64 = entries.iter().filter(|e| e.points < 0).map(|e| -e.points).sum();
    for lot in lots.iter_mut() {
        let used = lot.1.min(to_consume);
        lot.1 -= used;
        to_consume -= used;
    }
    let soon: Vec<&(i64, i64)> =
        lots.iter().filter(|(at, left)| *left > 0 && *at > now && *at <= now.saturating_add(window_secs)).collect();
    let points: i64 = soon.iter().map(|(_, left)| left).sum();
    (points > 0).then(|| Expiring { points, at: soon.iter().map(|(at, _)| *at).min().unwrap_or(now) })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn entry(points: i64, expires_at: Option<i64>) -> LedgerEntry {
        LedgerEntry {
            id: String::new(),
            kind: if points > 0 { "order" } else { "redeem" }.into(),
            points,
            description: String::new(),
            created_at: 0,
            expires_at,
        }
    }

    #[test]
    fn balance_is_the_sum_of_the_ledger() {
        assert_eq!(balance(&[entry(300, None), entry(-120, None), entry(50, None)]), 230);
        assert_eq!(balance(&[]), 0);
    }

    #[test]
    fn expiring_counts_only_unspent_points_in_the_window() {
        let now = 1000 * DAY;
        let entries = [
            entry(100, Some(now + 10 * DAY)), // oldest lot, partly spent below
            entry(200, Some(now + 20 * DAY)),
            entry(500, Some(now + 400 * DAY)), // outside the window
            entry(-60, None),
        ];
        let e = expiring_within(&entries, now, 30 * DAY).unwrap();
        assert_eq!(e, Expiring { points: 240, at: now + 10 * DAY });
    }

    #[test]
    fn fully_spent_soon_lots_leave_nothing_expiring() {
        let now = 0;
        let entries = [entry(100, Some(5 * DAY)), entry(-100, None), entry(50, Some(900 * DAY))];
        assert_eq!(expiring_within(&entries, now, 30 * DAY), None);
    }

    #[test]
    fn already_expired_lots_are_not_reported_as_expiring() {
        let now = 100 * DAY;
        assert_eq!(expiring_within(&[entry(80, Some(now - DAY))], now, 30 * DAY), None);
    }
}
