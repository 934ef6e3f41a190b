//! Private calendar subscription links. A phone calendar polls the feed without cookies,
//! so the link itself is the credential: 256 random bits, stored hashed, one per member,
//! replaced on every request for a new link and revocable. It opens the calendar and nothing
//! else, and the request log never shows it.
use crate::http::error::{Error, Result};
use crate::store::keyed_hash::sha256_hex;
use crate::store::{now, Db};

/// Path prefix of feed URLs (the access log redacts what follows it).
pub const FEED_PREFIX: &str = "/api/v1/feeds/";

/// Issues a new link for the member, revoking the previous one; returns its path.
pub async fn rotate(db: &Db, member_id: &str) -> Result<String> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    sqlx::query(
        "INSERT INTO calendar_feeds (member_id, token_hash, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (member_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(member_id)
    .bind(sha256_hex(&token))
    .bind(now())
    .execute(db)
    .await?;
    Ok(format!("{FEED_PREFIX}{token}/schedule.ics"))
}

pub async fn revoke(db: &Db, member_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM calendar_feeds WHERE member_id = $1").bind(member_id).execute(db).await?;
    Ok(())
}

/// The member a feed token belongs to. A member whose consent is no longer current (a new policy version) gets
/// [`Error::ConsentRequired`]: the calendar stops until they accept it.
pub async fn member_for(db: &Db, token: &str) -> Result<Option<String>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT f.member_id, m.consent_version FROM calendar_feeds f JOIN members m ON m.id = f.member_id
         WHERE f.token_hash = $1",
    )
    .bind(sha256_hex(token))
    .fetch_optional(db)
    .await?;
    match row {
        Some((_, consent)) if crate::privacy::consent_due(consent.as_deref()) => Err(Error::ConsentRequired),
        other => Ok(other.map(|(id, _)| id)),
    }
}

/// `path` with a feed token replaced, for the access log.
pub fn redact(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix(FEED_PREFIX) {
        Some(rest) => format!("{FEED_PREFIX}…/{}", rest.split_once('/').map_or("", |(_, tail)| tail)).into(),
        None => path.into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn feed_tokens_never_reach_the_log() {
        assert_eq!(super::redact("/api/v1/feeds/abcdef0123/schedule.ics"), "/api/v1/feeds/…/schedule.ics");
        assert_eq!(super::redact("/api/v1/me"), "/api/v1/me");
    }
}
