//! The prescription access trail (PIPL: health data is confidential): every read of a
//! prescription's content by its member or by a pharmacist, and every decision, is recorded.
use crate::error::Result;
use crate::store::{new_id, now, Db};

/// Who acted: the member themself, or the back office (admin token).
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Member(&'a str),
    Admin,
}

/// Records `action` on `prescription_id` (owned by `owner_id`). Ids only: never the content.
pub async fn record(db: &Db, prescription_id: &str, owner_id: &str, actor: Actor<'_>, action: &str) -> Result<()> {
    let (kind, who) = match actor {
        Actor::Member(id) => ("member", id),
        Actor::Admin => ("admin", "admin"),
    };
    sqlx::query(
        "INSERT INTO prescription_access (id, prescription_id, owner_id, actor_kind, actor, action, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(prescription_id)
    .bind(owner_id)
    .bind(kind)
    .bind(who)
    .bind(action)
    .bind(now())
    .execute(db)
    .await?;
    Ok(())
}

/// The owner of a prescription, for records made by the back office.
pub async fn owner(db: &Db, prescription_id: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT member_id FROM prescriptions WHERE id = $1")
        .bind(prescription_id)
        .fetch_optional(db)
        .await?)
}

/// The trail of one prescription (back office) or of all a member's prescriptions, oldest first.
pub async fn trail(
    db: &Db,
    prescription_id: Option<&str>,
    owner_id: Option<&str>,
) -> Result<Vec<api::admin::AccessRecord>> {
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT prescription_id, actor_kind, actor, action, at FROM prescription_access
         WHERE ($1 IS NULL OR prescription_id = $1) AND ($2 IS NULL OR owner_id = $2)
         ORDER BY at, id",
    )
    .bind(prescription_id)
    .bind(owner_id)
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
