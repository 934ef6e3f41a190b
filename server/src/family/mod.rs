//! Family care: dependants a member manages, caregiver grants, and who may act on whose
//! schedule. Every caregiver access is recorded for the person whose schedule it is.

pub mod extract;
pub mod routes;
use api::error::codes;
use api::family::{
    normalise_code, CareAccess, CareInvitation, Carer, Family, Permission, Person, CODE_ALPHABET, CODE_LEN,
};

use crate::http::error::{Error, Result};
use crate::store::keyed_hash::HashKey;
use crate::store::{new_id, now, Db};

/// An invitation code is valid this long.
pub const INVITATION_TTL_SECS: i64 = 24 * 3600;

/// How the signed-in member relates to the schedule a request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    Own,
    /// A dependant the member manages: everything the dependant could do.
    Manager,
    Caregiver {
        grant_id: String,
        permission: Permission,
    },
}

/// Whose schedule a request is about, and what the caller may do with it.
#[derive(Debug, Clone)]
pub struct Subject {
    pub member_id: String,
    pub access: Access,
}

/// What a handler is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    View,
    LogDose,
    UndoDose,
    /// Change medications or the health profile: the member and a dependant's manager only.
    Edit,
}

impl Subject {
    /// Checks the action against the access and, for a caregiver, records it.
    pub async fn allow(&self, db: &Db, action: Action) -> Result<()> {
        let Access::Caregiver { grant_id, permission } = &self.access else { return Ok(()) };
        let (allowed, name) = match action {
            Action::View => (true, "view"),
            Action::LogDose => (*permission == Permission::Log, "log_dose"),
            Action::UndoDose => (*permission == Permission::Log, "undo_dose"),
            Action::Edit => (false, "edit"),
        };
        if !allowed {
            return Err(Error::Forbidden("this access does not include that; ask the member to grant it"));
        }
        sqlx::query("INSERT INTO care_access (id, grant_id, action, at) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(grant_id)
            .bind(name)
            .bind(now())
            .execute(db)
            .await?;
        Ok(())
    }
}

/// Resolves `act_for` for the signed-in member. Someone the caller has no right to see is
/// "not found", so an id guessed or once valid reveals nothing.
pub async fn resolve(db: &Db, caller: &str, act_for: Option<&str>) -> Result<Subject> {
    let Some(target) = act_for.filter(|t| *t != caller) else {
        return Ok(Subject { member_id: caller.to_string(), access: Access::Own });
    };
    let managed: Option<(String,)> = sqlx::query_as("SELECT id FROM members WHERE id = $1 AND managed_by = $2")
        .bind(target)
        .bind(caller)
        .fetch_optional(db)
        .await?;
    if managed.is_some() {
        return Ok(Subject { member_id: target.to_string(), access: Access::Manager });
    }
    let grant: Option<(String, String)> = sqlx::query_as(
        "SELECT id, permission FROM care_grants WHERE subject_id = $1 AND caregiver_id = $2 AND revoked_at IS NULL
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(target)
    .bind(caller)
    .fetch_optional(db)
    .await?;
    match grant.and_then(|(id, p)| Some((id, Permission::parse(&p)?))) {
        Some((grant_id, permission)) => {
            Ok(Subject { member_id: target.to_string(), access: Access::Caregiver { grant_id, permission } })
        }
        None => Err(Error::NotFound("member")),
    }
}

/// A member's own id or a dependant they manage: the schedules they may share.
async fn own_or_managed(db: &Db, caller: &str, subject: Option<&str>) -> Result<String> {
    match resolve(db, caller, subject).await? {
        Subject { member_id, access: Access::Own | Access::Manager } => Ok(member_id),
        _ => Err(Error::NotFound("member")),
    }
}

pub async fn add_dependant(db: &Db, manager: &str, name: &str) -> Result<Person> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO members (id, phone, name, created_at, managed_by, consent_version, consent_at)
         SELECT $1, $2, $3, $4, $5, consent_version, consent_at FROM members WHERE id = $5",
    )
    .bind(&id)
    .bind(format!("dependant:{id}"))
    .bind(name)
    .bind(now())
    .bind(manager)
    .execute(db)
    .await?;
    Ok(Person { id, name: name.to_string(), permission: None, grant_id: None })
}

/// Deletes a dependant and everything held for them. Idempotent; others' ids are not found.
pub async fn remove_dependant(db: &Db, manager: &str, id: &str) -> Result<()> {
    sqlx::query("DELETE FROM members WHERE id = $1 AND managed_by = $2").bind(id).bind(manager).execute(db).await?;
    Ok(())
}

pub async fn family(db: &Db, caller: &str) -> Result<Family> {
    let dependants: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM members WHERE managed_by = $1 ORDER BY created_at, id")
            .bind(caller)
            .fetch_all(db)
            .await?;
    let cared: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT g.id, m.id, m.name, g.permission FROM care_grants g JOIN members m ON m.id = g.subject_id
         WHERE g.caregiver_id = $1 AND g.revoked_at IS NULL ORDER BY g.created_at, g.id",
    )
    .bind(caller)
    .fetch_all(db)
    .await?;
    let carers: Vec<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT g.id, c.name, s.id, s.name, g.permission, g.created_at FROM care_grants g
         JOIN members c ON c.id = g.caregiver_id JOIN members s ON s.id = g.subject_id
         WHERE g.revoked_at IS NULL AND (s.id = $1 OR s.managed_by = $1) ORDER BY g.created_at, g.id",
    )
    .bind(caller)
    .fetch_all(db)
    .await?;
    let mut people: Vec<Person> =
        dependants.into_iter().map(|(id, name)| Person { id, name, permission: None, grant_id: None }).collect();
    people.extend(cared.into_iter().map(|(grant_id, id, name, p)| Person {
        id,
        name,
        permission: Permission::parse(&p),
        grant_id: Some(grant_id),
    }));
    let carers = carers
        .into_iter()
        .filter_map(|(grant_id, caregiver_name, subject_id, subject_name, p, created_at)| {
            Some(Carer {
                grant_id,
                caregiver_name,
                subject_id,
                subject_name,
                permission: Permission::parse(&p)?,
                created_at,
            })
        })
        .collect();
    Ok(Family { people, carers })
}

fn new_code() -> String {
    (0..CODE_LEN).map(|_| CODE_ALPHABET[rand::random_range(0..CODE_ALPHABET.len())] as char).collect()
}

/// The stored form of a caregiver code: keyed, because a 10-character code (~50 bits) could be
/// found from a plain SHA-256 in a copied table within its 24 hours.
fn code_hash(key: &HashKey, code: &str) -> String {
    key.hash("care_code", code)
}

pub async fn invite(
    db: &Db,
    key: &HashKey,
    caller: &str,
    subject: Option<&str>,
    permission: Permission,
) -> Result<CareInvitation> {
    let subject_id = own_or_managed(db, caller, subject).await?;
    let code = new_code();
    let expires_at = now() + INVITATION_TTL_SECS;
    sqlx::query(
        "INSERT INTO care_invitations (code_hash, subject_id, invited_by, permission, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code_hash(key, &code))
    .bind(&subject_id)
    .bind(caller)
    .bind(permission.as_str())
    .bind(expires_at)
    .execute(db)
    .await?;
    Ok(CareInvitation { code, expires_at })
}

fn invalid_invitation() -> Error {
    Error::bad_request(codes::INVALID_INVITATION, "this code is wrong, used or expired; ask for a new one")
}

/// Spends an invitation: the caller becomes a caregiver of its subject. The code is spent by
/// the same UPDATE that checks it, so two devices cannot both use it.
pub async fn accept(db: &Db, key: &HashKey, caller: &str, code: &str) -> Result<Person> {
    let hash = code_hash(key, &normalise_code(code));
    let mut tx = db.begin().await?;
    let spent = sqlx::query(
        "UPDATE care_invitations SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now())
    .bind(&hash)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if spent == 0 {
        return Err(invalid_invitation());
    }
    let (subject_id, permission, subject_name, manager): (String, String, String, Option<String>) = sqlx::query_as(
        "SELECT i.subject_id, i.permission, m.name, m.managed_by FROM care_invitations i JOIN members m ON m.id = i.subject_id
         WHERE i.code_hash = $1",
    )
    .bind(&hash)
    .fetch_one(&mut *tx)
    .await?;
    // One's own schedule (or one's own dependant's) needs no invitation.
    if subject_id == caller || manager.as_deref() == Some(caller) {
        return Err(Error::bad_request(codes::INVALID_INVITATION, "this code is for someone else to use"));
    }
    let grant_id = new_id();
    // A newer grant replaces an older one for the same pair.
    sqlx::query(
        "UPDATE care_grants SET revoked_at = $1 WHERE subject_id = $2 AND caregiver_id = $3 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(&subject_id)
    .bind(caller)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO care_grants (id, subject_id, caregiver_id, permission, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&grant_id)
    .bind(&subject_id)
    .bind(caller)
    .bind(&permission)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Person {
        id: subject_id,
        name: subject_name,
        permission: Permission::parse(&permission),
        grant_id: Some(grant_id),
    })
}

/// The grant if the caller is its caregiver, its subject or the subject's manager.
async fn grant_party(db: &Db, caller: &str, grant_id: &str) -> Result<bool> {
    let row: Option<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT g.caregiver_id, g.subject_id, m.managed_by FROM care_grants g JOIN members m ON m.id = g.subject_id WHERE g.id = $1",
    )
    .bind(grant_id)
    .fetch_optional(db)
    .await?;
    let (caregiver, subject, manager) = row.ok_or(Error::NotFound("grant"))?;
    if subject == caller || manager.as_deref() == Some(caller) {
        Ok(true)
    } else if caregiver == caller {
        Ok(false)
    } else {
        Err(Error::NotFound("grant"))
    }
}

/// Ends a grant at once; either side may. Idempotent.
pub async fn revoke(db: &Db, caller: &str, grant_id: &str) -> Result<()> {
    grant_party(db, caller, grant_id).await?;
    sqlx::query("UPDATE care_grants SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(grant_id)
        .execute(db)
        .await?;
    Ok(())
}

/// What a caregiver did with a grant, newest first: for the subject or their manager only.
pub async fn access_log(db: &Db, caller: &str, grant_id: &str) -> Result<Vec<CareAccess>> {
    if !grant_party(db, caller, grant_id).await? {
        return Err(Error::NotFound("grant"));
    }
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT action, at FROM care_access WHERE grant_id = $1 ORDER BY at DESC, id LIMIT 500")
            .bind(grant_id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(action, at)| CareAccess { action, at }).collect())
}
