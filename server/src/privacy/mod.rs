//! The member's privacy choices and consent (PIPL): stored per member, read where they apply.
use api::error::codes;
use api::member::{Consent, Privacy};

use crate::http::error::{Error, Result};
use crate::store::{now, Db};

/// The privacy policy in force. Changing the policy text means a new version here: every
/// member is asked again at their next visit, and the acceptance is recorded per version.
pub const POLICY_VERSION: &str = "2026-12";

pub async fn get(db: &Db, member_id: &str) -> Result<Privacy> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT personalised_recommendations, marketing FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_optional(db)
            .await?;
    let (personalised, marketing) = row.ok_or(Error::NotFound("member"))?;
    Ok(Privacy { personalised_recommendations: personalised != 0, marketing: marketing != 0 })
}

pub async fn set(db: &Db, member_id: &str, choice: Privacy) -> Result<Privacy> {
    sqlx::query("UPDATE members SET personalised_recommendations = $1, marketing = $2 WHERE id = $3")
        .bind(i64::from(choice.personalised_recommendations))
        .bind(i64::from(choice.marketing))
        .bind(member_id)
        .execute(db)
        .await?;
    get(db, member_id).await
}

pub async fn consent(db: &Db, member_id: &str) -> Result<Consent> {
    let row: Option<(Option<String>, Option<i64>)> =
        sqlx::query_as("SELECT consent_version, consent_at FROM members WHERE id = $1")
            .bind(member_id)
            .fetch_optional(db)
            .await?;
    let (accepted_version, accepted_at) = row.ok_or(Error::NotFound("member"))?;
    Ok(Consent { current_version: POLICY_VERSION.into(), accepted_version, accepted_at })
}

/// Records acceptance of `version`, which must be the one in force (a portal showing an
/// older text cannot record consent to a newer one).
pub async fn accept(db: &Db, member_id: &str, version: &str) -> Result<Consent> {
    if version != POLICY_VERSION {
        return Err(Error::Conflict {
            code: codes::INVALID_STATE,
            message: format!("the privacy policy in force is version {POLICY_VERSION}; reload and read it"),
        });
    }
    sqlx::query("UPDATE members SET consent_version = $1, consent_at = $2 WHERE id = $3")
        .bind(version)
        .bind(now())
        .bind(member_id)
        .execute(db)
        .await?;
    consent(db, member_id).await
}

/// Whether the member still has to accept the policy in force.
pub fn consent_due(accepted: Option<&str>) -> bool {
    accepted != Some(POLICY_VERSION)
}

/// The names of the member's medicines, for ordering what they are shown (articles, offers):
/// none when they turned personalised recommendations off.
pub async fn medicines_for_personalising(db: &Db, member_id: &str) -> Result<Vec<String>> {
    if !get(db, member_id).await?.personalised_recommendations {
        return Ok(Vec::new());
    }
    let specs: Vec<String> =
        sqlx::query_scalar("SELECT spec FROM medications WHERE member_id = $1 AND deleted_at IS NULL")
            .bind(member_id)
            .fetch_all(db)
            .await?;
    Ok(specs
        .iter()
        .filter_map(|s| serde_json::from_str::<api::schedule::MedicationSpec>(s).ok())
        .map(|m| m.name)
        .collect())
}
