//! The member's privacy choices (PIPL): stored per member, read where they apply.
use api::member::Privacy;

use crate::error::{Error, Result};
use crate::store::Db;

pub async fn get(db: &Db, member_id: &str) -> Result<Privacy> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT personalised_recommendations FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_optional(db)
        .await?;
    let (personalised,) = row.ok_or(Error::NotFound("member"))?;
    Ok(Privacy { personalised_recommendations: personalised != 0 })
}

pub async fn set(db: &Db, member_id: &str, choice: Privacy) -> Result<Privacy> {
    sqlx::query("UPDATE members SET personalised_recommendations = $1 WHERE id = $2")
        .bind(i64::from(choice.personalised_recommendations))
        .bind(member_id)
        .execute(db)
        .await?;
    get(db, member_id).await
}
