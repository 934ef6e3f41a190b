//! Family care (家人代管): dependants a member manages, and caregivers a member lets see their
//! schedule. Requests about someone else's schedule carry [`ACT_FOR_HEADER`].
use serde::{Deserialize, Serialize};

/// Header naming whose schedule a request is about (a dependant, or someone who granted the
/// caller access). Absent: the caller's own.
pub const ACT_FOR_HEADER: &str = "x-act-for";

/// What a caregiver may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See the schedule and missed doses.
    Read,
    /// Also record doses taken or skipped.
    Log,
}

impl Permission {
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "read",
            Permission::Log => "log",
        }
    }

    pub fn parse(s: &str) -> Option<Permission> {
        match s {
            "read" => Some(Permission::Read),
            "log" => Some(Permission::Log),
            _ => None,
        }
    }
}

/// `POST /api/v1/family/dependants`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDependant {
    /// How the family calls them, 1–20 characters (e.g. 妈妈, 王秀英).
    pub name: String,
}

impl NewDependant {
    pub fn validate(&self) -> Result<String, String> {
        let name = self.name.trim();
        match name.chars().count() {
            0 => Err("name: write a name".into()),
            n if n > 20 => Err("name: at most 20 characters".into()),
            _ => Ok(name.to_string()),
        }
    }
}

/// Someone whose schedule the caller can open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    /// Their member id: the value of [`ACT_FOR_HEADER`].
    pub id: String,
    pub name: String,
    /// `None` for a dependant the caller manages (everything allowed).
    pub permission: Option<Permission>,
    /// The grant behind a caregiver's access (to revoke it).
    pub grant_id: Option<String>,
}

/// A caregiver who can see one of the caller's schedules (their own or a dependant's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Carer {
    pub grant_id: String,
    pub caregiver_name: String,
    /// Whose schedule: the caller's own id or a dependant's.
    pub subject_id: String,
    pub subject_name: String,
    pub permission: Permission,
    pub created_at: i64,
}

/// `GET /api/v1/family`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Family {
    /// Dependants the caller manages, then people who made the caller their caregiver.
    pub people: Vec<Person>,
    /// Who can see the caller's (or their dependants') schedules.
    pub carers: Vec<Carer>,
}

/// `POST /api/v1/family/invitations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewInvitation {
    /// Whose schedule: the caller (absent) or a dependant they manage.
    #[serde(default)]
    pub subject_id: Option<String>,
    pub permission: Permission,
}

/// The code to give the caregiver (shown once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareInvitation {
    pub code: String,
    pub expires_at: i64,
}

/// `POST /api/v1/family/invitations/accept`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvitation {
    pub code: String,
}

/// One access by a caregiver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareAccess {
    /// `view`, `log_dose` or `undo_dose`.
    pub action: String,
    pub at: i64,
}

/// Invitation codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
/// normalised so a code read aloud and typed in lower case still works.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 10;

/// The code as stored: upper case, spaces and dashes removed.
pub fn normalise_code(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_aloud_still_match() {
        assert_eq!(normalise_code(" abcd-ef23 45 "), "ABCDEF2345");
    }

    #[test]
    fn dependant_names_are_trimmed_and_bounded() {
        assert_eq!(NewDependant { name: " 妈妈 ".into() }.validate(), Ok("妈妈".into()));
        assert!(NewDependant { name: "  ".into() }.validate().is_err());
        assert!(NewDependant { name: "名".repeat(21) }.validate().is_err());
    }

    #[test]
    fn permissions_round_trip() {
        for p in [Permission::Read, Permission::Log] {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
        }
        assert_eq!(Permission::parse("write"), None);
    }
}
