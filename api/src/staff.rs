//! The staff console's contract (药师工作台): staff roles and what each may do, the review
//! queue with its claims, and the review-time report.
use serde::{Deserialize, Serialize};

use crate::prescriptions::{Prescription, PrescriptionCard};

/// Seconds a pharmacist's claim on a prescription lasts; opening it again renews it. Long
/// enough to read two pages, short enough that a closed tab frees it before the target.
pub const CLAIM_LEASE_SECS: i64 = 240;
/// DESIGN.md's promise: a pharmacist decides within five minutes of submission.
pub const REVIEW_TARGET_SECS: i64 = 300;

/// A staff member's job, which decides what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reviews prescriptions and answers ask-a-pharmacist questions.
    Pharmacist,
    /// Answers feedback and complaints.
    MemberService,
    /// Writes and publishes health articles.
    ContentEditor,
}

/// One kind of staff work; [`Role::may`] says who does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    ReviewPrescriptions,
    AnswerConsultations,
    AnswerFeedback,
    EditArticles,
    /// Aggregates only (NPS, review times): no member appears in them.
    ReadReports,
}

impl Role {
    /// Whether this role does `duty`. Member data is seen only by the role whose work needs it.
    pub const fn may(self, duty: Duty) -> bool {
        match duty {
            Duty::ReviewPrescriptions | Duty::AnswerConsultations => matches!(self, Role::Pharmacist),
            Duty::AnswerFeedback => matches!(self, Role::MemberService),
            Duty::EditArticles => matches!(self, Role::ContentEditor),
            Duty::ReadReports => true,
        }
    }

    /// The stored form.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Pharmacist => "pharmacist",
            Role::MemberService => "member_service",
            Role::ContentEditor => "content_editor",
        }
    }

    /// Parses the stored form.
    pub fn parse(s: &str) -> Option<Role> {
        [Role::Pharmacist, Role::MemberService, Role::ContentEditor].into_iter().find(|r| r.as_str() == s)
    }
}

/// `POST /api/v1/staff/auth/login`: the phone number and the SMS code (sent by `/auth/code`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffLogin {
    pub phone: String,
    pub code: String,
}

/// Who is signed in to the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffProfile {
    pub id: String,
    pub name: String,
    pub role: Role,
}

/// A new staff session: the token also comes as an HttpOnly cookie (the console uses that).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSession {
    pub token: String,
    pub expires_at: i64,
    pub staff: StaffProfile,
}

/// One prescription waiting for a pharmacist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub card: PrescriptionCard,
    /// Unix seconds the member submitted it: the 5-minute target counts from here.
    pub submitted_at: i64,
    /// The pharmacist holding it now, if another one opened it (their name).
    pub claimed_by: Option<String>,
    /// Whether the caller holds the claim.
    pub mine: bool,
}

/// `POST /staff/prescriptions/{id}/claim`: the prescription, held for the caller until
/// `lease_expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Claimed {
    pub prescription: Prescription,
    pub submitted_at: Option<i64>,
    pub lease_expires_at: i64,
}

/// A staff reply to feedback: the author is the signed-in staff member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffReply {
    pub text: String,
    /// Marks the feedback resolved as well.
    #[serde(default)]
    pub resolve: bool,
}

/// `POST /api/v1/admin/staff`: the platform adds a staff account (machine credential).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewStaff {
    pub phone: String,
    pub name: String,
    pub role: Role,
}

/// One language version of an article, as the editors' list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleVersion {
    pub slug: String,
    /// `zh-CN` or `en`.
    pub lang: String,
    pub title: String,
    pub published_at: i64,
    /// False once an editor took it offline.
    pub live: bool,
}

/// How long members waited from upload to decision on one day (UTC+8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewDay {
    /// `YYYY-MM-DD`
    pub day: String,
    pub decided: u32,
    pub median_secs: i64,
    pub p90_secs: i64,
    /// Decisions within [`REVIEW_TARGET_SECS`].
    pub within_target: u32,
}

/// The value below which `p` (0–100) percent of `sorted` lie, nearest-rank; `None` if empty.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p as usize * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank.min(sorted.len()) - 1])
}

/// Groups `(day, seconds)` samples into one [`ReviewDay`] per day, oldest day first.
pub fn review_days(samples: &[(String, i64)]) -> Vec<ReviewDay> {
    let mut by_day: std::collections::BTreeMap<&str, Vec<i64>> = std::collections::BTreeMap::new();
    for (day, secs) in samples {
        by_day.entry(day).or_default().push(*secs);
    }
    by_day
        .into_iter()
        .map(|(day, mut secs)| {
            secs.sort_unstable();
            ReviewDay {
                day: day.to_string(),
                decided: secs.len() as u32,
                median_secs: percentile(&secs, 50).unwrap_or(0),
                p90_secs: percentile(&secs, 90).unwrap_or(0),
                within_target: secs.iter().filter(|s| **s <= REVIEW_TARGET_SECS).count() as u32,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_duty_belongs_to_its_role() {
        assert!(Role::Pharmacist.may(Duty::ReviewPrescriptions));
        assert!(!Role::MemberService.may(Duty::ReviewPrescriptions));
        assert!(!Role::ContentEditor.may(Duty::AnswerConsultations));
        assert!(Role::MemberService.may(Duty::AnswerFeedback));
        assert!(!Role::Pharmacist.may(Duty::AnswerFeedback));
        assert!(Role::ContentEditor.may(Duty::EditArticles));
        assert!(!Role::MemberService.may(Duty::EditArticles));
        assert!([Role::Pharmacist, Role::MemberService, Role::ContentEditor].iter().all(|r| r.may(Duty::ReadReports)));
    }

    #[test]
    fn roles_round_trip_their_stored_form() {
        for r in [Role::Pharmacist, Role::MemberService, Role::ContentEditor] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 90), Some(7));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 50), Some(5));
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&ten, 100), Some(10));
    }

    #[test]
    fn review_days_group_by_day_and_count_the_target() {
        let s = |d: &str, n| (d.to_string(), n);
        let days =
            review_days(&[s("2026-12-02", 600), s("2026-12-01", 100), s("2026-12-02", 120), s("2026-12-02", 60)]);
        assert_eq!(days.len(), 2);
        assert_eq!(
            days[0],
            ReviewDay { day: "2026-12-01".into(), decided: 1, median_secs: 100, p90_secs: 100, within_target: 1 }
        );
        assert_eq!(days[1].decided, 3);
        assert_eq!(days[1].median_secs, 120);
        assert_eq!(days[1].p90_secs, 600);
        assert_eq!(days[1].within_target, 2);
    }
}
