//! Brute-force limits on sending and trying login codes, per phone and per client address.
//!
//! Sliding windows: a request is let through when fewer than `max` requests of its bucket
//! were let through in the `window_secs` before it, whenever it comes (a fixed window let up
//! to twice the rate through across its boundary). Hits live in the database, so several
//! instances share them and a restart forgets nothing. Buckets name a keyed hash of the phone
//! number or address ([`crate::store::keyed_hash`]), never the value itself.
use std::net::IpAddr;

use crate::http::error::{Error, Result};
use crate::store::keyed_hash::HashKey;
use crate::store::{now, Db};

/// One limit: at most `max` requests per `window_secs`, in any window of that length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// Every limit the server applies; today's values are the defaults, `--rate-limits` changes
/// any of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Codes sent to one number: an SMS costs money and is a nuisance to its owner.
    pub code_per_phone: Limit,
    /// Codes requested from one address (one attacker walking through numbers).
    pub code_per_ip: Limit,
    /// Login tries for one number, across codes: 5 wrong tries burn a code, this caps the codes.
    pub login_per_phone: Limit,
    /// Login tries from one address, across numbers.
    pub login_per_ip: Limit,
    /// Hand-off code exchanges from one address (the codes are 256-bit: this only stops noise).
    pub exchange_per_ip: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            code_per_phone: Limit { name: "code:phone", max: 5, window_secs: 3600 },
            code_per_ip: Limit { name: "code:ip", max: 30, window_secs: 3600 },
            login_per_phone: Limit { name: "login:phone", max: 10, window_secs: 900 },
            login_per_ip: Limit { name: "login:ip", max: 50, window_secs: 900 },
            exchange_per_ip: Limit { name: "exchange:ip", max: 60, window_secs: 900 },
        }
    }
}

/// The longest window any limit may have (hits older than this are pruned).
pub const MAX_WINDOW_SECS: i64 = 24 * 3600;

impl Limits {
    fn all_mut(&mut self) -> [&mut Limit; 5] {
        [
            &mut self.code_per_phone,
            &mut self.code_per_ip,
            &mut self.login_per_phone,
            &mut self.login_per_ip,
            &mut self.exchange_per_ip,
        ]
    }
}

/// Parses `--rate-limits`: comma-separated `name=max/seconds` overrides of the defaults,
/// e.g. `login:ip=100/900,code:phone=3/3600`; empty keeps every default.
pub fn parse_limits(spec: &str) -> Result<Limits, String> {
    let mut limits = Limits::default();
    for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (name, value) = item.split_once('=').ok_or_else(|| format!("`{item}`: expected name=max/seconds"))?;
        let (max, secs) = value.split_once('/').ok_or_else(|| format!("`{item}`: expected name=max/seconds"))?;
        let max: i64 = max.trim().parse().map_err(|_| format!("`{item}`: max is not a number"))?;
        let secs: i64 = secs.trim().parse().map_err(|_| format!("`{item}`: seconds is not a number"))?;
        if max < 1 || !(1..=MAX_WINDOW_SECS).contains(&secs) {
            return Err(format!("`{item}`: max must be at least 1 and the window 1–{MAX_WINDOW_SECS} seconds"));
        }
        let mut all = limits.all_mut();
        let known: Vec<&str> = all.iter().map(|l| l.name).collect();
        let limit = all
            .iter_mut()
            .find(|l| l.name == name.trim())
            .ok_or_else(|| format!("`{}` is not a limit (one of {})", name.trim(), known.join(", ")))?;
        limit.max = max;
        limit.window_secs = secs;
    }
    Ok(limits)
}

/// The subject a limit is counted for.
pub enum Subject<'a> {
    Phone(&'a str),
    Ip(IpAddr),
}

/// The limit's name and a keyed hash of the subject: the table holds no phone number and no
/// address, and a copy of it cannot be reversed without the key.
fn bucket(key: &HashKey, limit: &Limit, subject: &Subject) -> String {
    let value = match subject {
        Subject::Phone(p) => p.to_string(),
        Subject::Ip(ip) => ip.to_string(),
    };
    format!("{}:{}", limit.name, &key.hash(limit.name, &value)[..32])
}

/// Seconds until a request would be let through, given the times (ascending) of the requests
/// let through within the window ending `now`; `None` when one may pass now.
pub fn wait_secs(limit: &Limit, recent: &[i64], now: i64) -> Option<i64> {
    let count = recent.len() as i64;
    if count < limit.max {
        return None;
    }
    // The oldest `count - max + 1` hits must leave the window first.
    let leaving = recent[(count - limit.max) as usize];
    Some((leaving + limit.window_secs - now).max(1))
}

/// Counts one request; past the limit, refuses it (uncounted) with the seconds to wait. One
/// transaction that first takes the bucket's row: parallel requests, on any instance, are
/// counted one after the other and cannot slip past together.
pub async fn hit(db: &Db, key: &HashKey, limit: Limit, subject: Subject<'_>) -> Result<()> {
    let t = now();
    let bucket = bucket(key, &limit, &subject);
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO rate_limits (bucket, touched_at) VALUES ($1, $2)
         ON CONFLICT (bucket) DO UPDATE SET touched_at = excluded.touched_at",
    )
    .bind(&bucket)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    let recent: Vec<i64> =
        sqlx::query_scalar("SELECT at FROM rate_limit_hits WHERE bucket = $1 AND at > $2 ORDER BY at")
            .bind(&bucket)
            .bind(t - limit.window_secs)
            .fetch_all(&mut *tx)
            .await?;
    if let Some(retry_after_secs) = wait_secs(&limit, &recent, t) {
        tx.commit().await?;
        return Err(Error::RateLimited { retry_after_secs });
    }
    sqlx::query("INSERT INTO rate_limit_hits (bucket, at) VALUES ($1, $2)")
        .bind(&bucket)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Counts one request against the address's limit, then the number's (the address first:
/// one client walking through numbers is stopped before it touches anyone's counter).
pub async fn hit_both(db: &Db, key: &HashKey, per_ip: Limit, ip: IpAddr, per_phone: Limit, phone: &str) -> Result<()> {
    hit(db, key, per_ip, Subject::Ip(ip)).await?;
    hit(db, key, per_phone, Subject::Phone(phone)).await
}

/// Clears a phone's login counter after a successful login (the owner is not punished for
/// the typos that preceded it).
pub async fn clear(db: &Db, key: &HashKey, limit: Limit, subject: Subject<'_>) -> Result<()> {
    let bucket = bucket(key, &limit, &subject);
    sqlx::query("DELETE FROM rate_limit_hits WHERE bucket = $1").bind(&bucket).execute(db).await?;
    Ok(())
}

/// Drops hits older than any window and buckets untouched since (housekeeping).
pub async fn prune(db: &Db) -> Result<()> {
    let cutoff = now() - MAX_WINDOW_SECS;
    sqlx::query("DELETE FROM rate_limit_hits WHERE at < $1").bind(cutoff).execute(db).await?;
    sqlx::query("DELETE FROM rate_limits WHERE touched_at < $1").bind(cutoff).execute(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> HashKey {
        crate::store::keyed_hash::parse_hash_key(&"01".repeat(32)).unwrap()
    }

    #[test]
    fn buckets_hold_neither_the_number_nor_the_address_nor_their_plain_hash() {
        let limits = Limits::default();
        let b = bucket(&key(), &limits.code_per_phone, &Subject::Phone("13800000001"));
        assert!(b.starts_with("code:phone:"));
        assert!(!b.contains("13800000001"));
        let plain = crate::store::keyed_hash::sha256_hex("code:phone:13800000001");
        assert!(!b.contains(&plain[..32]), "not the plain SHA-256 the table held before");
        assert_ne!(b, bucket(&key(), &limits.login_per_phone, &Subject::Phone("13800000001")));
        let ip = bucket(&key(), &limits.login_per_ip, &Subject::Ip(IpAddr::from([203, 0, 113, 7])));
        assert!(ip.starts_with("login:ip:") && !ip.contains("203.0.113.7"));
    }

    #[test]
    fn a_sliding_window_lets_max_through_in_any_window_and_says_when_the_oldest_leaves() {
        let limit = Limit { name: "t", max: 3, window_secs: 100 };
        assert_eq!(wait_secs(&limit, &[], 1000), None);
        assert_eq!(wait_secs(&limit, &[950, 990], 1000), None);
        // Three in the window: the next passes when the first of them is 100 s old.
        assert_eq!(wait_secs(&limit, &[950, 990, 999], 1000), Some(50));
        // A burst at a fixed window's end and another at the next one's start is refused.
        assert_eq!(wait_secs(&limit, &[1098, 1099, 1099], 1101), Some(97));
        // More hits than max (a smaller limit configured since): wait for enough to leave.
        assert_eq!(wait_secs(&limit, &[910, 920, 930, 940], 1000), Some(20));
        assert_eq!(wait_secs(&limit, &[900, 900, 900], 1000), Some(1), "never 0");
    }

    #[test]
    fn limits_are_configurable_and_bad_settings_are_refused() {
        assert_eq!(parse_limits("").unwrap(), Limits::default());
        let l = parse_limits("login:ip=100/600, code:phone=3/3600").unwrap();
        assert_eq!(l.login_per_ip, Limit { name: "login:ip", max: 100, window_secs: 600 });
        assert_eq!(l.code_per_phone.max, 3);
        assert_eq!(l.code_per_ip, Limits::default().code_per_ip);
        assert!(parse_limits("login:ip=100").unwrap_err().contains("name=max/seconds"));
        assert!(parse_limits("login:ipv6=1/60").unwrap_err().contains("code:phone"));
        assert!(parse_limits("login:ip=0/60").is_err());
        assert!(parse_limits("login:ip=5/0").is_err());
        assert!(parse_limits("login:ip=5/999999").is_err());
    }
}
