//! The prescription access trail (PIPL: health data is confidential): every read of a
//! prescription's content by its member or by a pharmacist, and every decision, is recorded.
use crate::http::error::Result;
use crate::store::{new_id, now, Db};

/// Who acted: the member themself, a staff member (by id), or dev mode's automatic review.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Member(&'a str),
    Staff(&'a str),
    AutoReview,
}

impl Actor<'_> {
    fn columns(&self) -> (&'static str, &str) {
        match self {
            Actor::Member(id) => ("member", id),
            Actor::Staff(id) => ("staff", id),
            Actor::AutoReview => ("system", "auto-review"),
        }
    }
}

/// One trail row per prescription `scope` selects (`$1` binds `key`); the owner is read from
/// the prescription itself. Ids only: never the content. Row ids are a fresh random prefix
/// and the prescription id (portable SQL: no database-side random function).
async fn insert(conn: &mut sqlx::AnyConnection, scope: &str, key: &str, actor: Actor<'_>, action: &str) -> Result<()> {
    let (kind, who) = actor.columns();
    sqlx::query(&format!(
        "INSERT INTO prescription_access (id, prescription_id, owner_id, actor_kind, actor, action, at)
         SELECT $6 || '-' || id, id, member_id, $2, $3, $4, $5 FROM prescriptions WHERE {scope}"
    ))
    .bind(key)
    .bind(kind)
    .bind(who)
    .bind(action)
    .bind(now())
    .bind(new_id())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records `action` on one prescription.
pub async fn record(db: &Db, prescription_id: &str, actor: Actor<'_>, action: &str) -> Result<()> {
    insert(&mut *db.acquire().await?, "id = $1", prescription_id, actor, action).await
}

/// Records `action` unless this actor's trail for the prescription already has it: a console
/// that polls the queue every few seconds shows the same card again, which is one reading.
pub async fn record_once(db: &Db, prescription_id: &str, actor: Actor<'_>, action: &str) -> Result<()> {
    let scope = "id = $1 AND NOT EXISTS (SELECT 1 FROM prescription_access pa
                 WHERE pa.prescription_id = prescriptions.id AND pa.actor_kind = $2 AND pa.actor = $3 AND pa.action = $4)";
    insert(&mut *db.acquire().await?, scope, prescription_id, actor, action).await
}

/// Records `action` inside the caller's transaction: the action and its record commit
/// together or not at all (a decision is never without its trail row).
pub async fn record_in(
    conn: &mut sqlx::AnyConnection,
    prescription_id: &str,
    actor: Actor<'_>,
    action: &str,
) -> Result<()> {
    insert(conn, "id = $1", prescription_id, actor, action).await
}

/// Records that the member exported all their prescriptions (one statement for all).
pub async fn record_export(db: &Db, member_id: &str) -> Result<()> {
    insert(&mut *db.acquire().await?, "member_id = $1", member_id, Actor::Member(member_id), "export").await
}

/// The trail of one prescription, oldest first.
pub async fn trail(db: &Db, prescription_id: &str) -> Result<Vec<api::admin::AccessRecord>> {
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT prescription_id, actor_kind, actor, action, at FROM prescription_access
         WHERE prescription_id = $1 ORDER BY at, id",
    )
    .bind(prescription_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(prescription_id, actor_kind, actor, action, at)| api::admin::AccessRecord {
            prescription_id,
            actor_kind,
            actor,
            action,
            at,
        })
        .collect())
}
