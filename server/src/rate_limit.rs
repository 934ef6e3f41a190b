//! Brute-force limits on sending and trying login codes, per phone and per client address.
//!
//! Counters live in the database (fixed windows, one row per bucket), so several instances
//! share them and a restart forgets nothing. Buckets name a hash of the phone number, never
//! the number itself.
use std::net::IpAddr;

use crate::auth::sha256_hex;
use crate::error::{Error, Result};
use crate::store::{now, Db};

/// One limit: at most `max` hits per `window_secs`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// Codes sent to one number: an SMS costs money and is a nuisance to its owner.
pub const CODE_PER_PHONE: Limit = Limit { name: "code:phone", max: 5, window_secs: 3600 };
/// Codes requested from one address (one attacker walking through numbers).
pub const CODE_PER_IP: Limit = Limit { name: "code:ip", max: 30, window_secs: 3600 };
/// Login tries for one number, across codes: 5 wrong tries burn a code, this caps the codes.
pub const LOGIN_PER_PHONE: Limit = Limit { name: "login:phone", max: 10, window_secs: 900 };
/// Login tries from one address, across numbers.
pub const LOGIN_PER_IP: Limit = Limit { name: "login:ip", max: 50, window_secs: 900 };
/// Hand-off code exchanges from one address (the codes are 256-bit: this only stops noise).
pub const EXCHANGE_PER_IP: Limit = Limit { name: "exchange:ip", max: 60, window_secs: 900 };

/// The subject a limit is counted for.
pub enum Subject<'a> {
    Phone(&'a str),
    Ip(IpAddr),
}

fn bucket(limit: &Limit, subject: &Subject) -> String {
    match subject {
        // Hashed with the limit's name: the table never holds a phone number.
        Subject::Phone(p) => format!("{}:{}", limit.name, &sha256_hex(&format!("{}:{p}", limit.name))[..32]),
        Subject::Ip(ip) => format!("{}:{ip}", limit.name),
    }
}

/// Counts one hit; past the limit, refuses with the seconds until the window ends. The
/// window reset and the increment are one statement, so parallel requests cannot slip past.
pub async fn hit(db: &Db, limit: Limit, subject: Subject<'_>) -> Result<()> {
    let t = now();
    let (window_start, hits): (i64, i64) = sqlx::query_as(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
         ON CONFLICT (bucket) DO UPDATE SET
           hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
           window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
         RETURNING window_start, hits",
    )
    .bind(bucket(&limit, &subject))
    .bind(t)
    .bind(t - limit.window_secs)
    .fetch_one(db)
    .await?;
    if hits > limit.max {
        return Err(Error::RateLimited { retry_after_secs: (window_start + limit.window_secs - t).max(1) });
    }
    Ok(())
}

/// Counts one hit against the address's limit, then the number's (the address first: one
/// client walking through numbers is stopped before it touches anyone's counter).
pub async fn hit_both(db: &Db, per_ip: Limit, ip: IpAddr, per_phone: Limit, phone: &str) -> Result<()> {
    hit(db, per_ip, Subject::Ip(ip)).await?;
    hit(db, per_phone, Subject::Phone(phone)).await
}

/// Clears a phone's login counter after a successful login (the owner is not punished for
/// the typos that preceded it).
pub async fn clear(db: &Db, limit: Limit, subject: Subject<'_>) -> Result<()> {
    sqlx::query("DELETE FROM rate_limits WHERE bucket = $1").bind(bucket(&limit, &subject)).execute(db).await?;
    Ok(())
}

/// Drops windows that ended (housekeeping); the longest window is an hour.
pub async fn prune(db: &Db) -> Result<()> {
    sqlx::query("DELETE FROM rate_limits WHERE window_start < $1").bind(now() - 2 * 3600).execute(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_buckets_hold_no_phone_number() {
        let b = bucket(&CODE_PER_PHONE, &Subject::Phone("13800000001"));
        assert!(b.starts_with("code:phone:"));
        assert!(!b.contains("13800000001"));
        assert_ne!(b, bucket(&LOGIN_PER_PHONE, &Subject::Phone("13800000001")));
    }
}
