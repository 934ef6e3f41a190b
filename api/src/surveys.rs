//! Surveys: the NPS question (0–10 and an optional "why") and a 1–5 service rating, who may
//! be asked when, and how answers add up to a score.
use serde::{Deserialize, Serialize};

const DAY: i64 = 86_400;

/// The kind of question a survey asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// "How likely are you to recommend us to a friend or family member?" 0–10.
    Nps,
    /// "How would you rate our service?" 1–5.
    Rating,
}

impl SurveyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyKind::Nps => "nps",
            SurveyKind::Rating => "rating",
        }
    }

    pub fn parse(s: &str) -> Option<SurveyKind> {
        match s {
            "nps" => Some(SurveyKind::Nps),
            "rating" => Some(SurveyKind::Rating),
            _ => None,
        }
    }

    /// Lowest and highest score on the scale.
    pub fn scale(self) -> (u8, u8) {
        match self {
            SurveyKind::Nps => (0, 10),
            SurveyKind::Rating => (1, 5),
        }
    }
}

/// What the member just did that makes a question fair to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Moment {
    PrescriptionApproved,
    RewardRedeemed,
    /// The member opened the surveys page themselves.
    SurveysPage,
}

impl Moment {
    /// The wire name (query parameter and stored value).
    pub fn as_str(self) -> &'static str {
        match self {
            Moment::PrescriptionApproved => "prescription_approved",
            Moment::RewardRedeemed => "reward_redeemed",
            Moment::SurveysPage => "surveys_page",
        }
    }
}

/// `GET /api/v1/surveys/next`: a survey put to the member, answered or dismissed once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: String,
    pub kind: SurveyKind,
    /// The question in the requested language.
    pub question: String,
    /// Points credited for an answer.
    pub points: i64,
}

/// `POST /api/v1/surveys/invitations/{id}/response`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub score: u8,
    /// The optional follow-up text.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The stored answer; a repeat submit returns the first one with `points` unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answered {
    pub score: u8,
    pub points: i64,
}

/// Longest "why" kept, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// Checks an answer against the survey's scale; returns the reason trimmed (empty is none).
pub fn validate(kind: SurveyKind, answer: &Answer) -> Result<Option<String>, String> {
    let (low, high) = kind.scale();
    if answer.score < low || answer.score > high {
        return Err(format!("score must be between {low} and {high}"));
    }
    let reason = answer.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    match reason {
        Some(r) if r.chars().count() > MAX_REASON_CHARS => {
            Err(format!("reason is longer than {MAX_REASON_CHARS} characters"))
        }
        r => Ok(r.map(str::to_string)),
    }
}

/// The NPS group of a 0–10 score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// 0–6
    Detractor,
    /// 7–8
    Passive,
    /// 9–10
    Promoter,
}

pub fn bucket(score: u8) -> Bucket {
    match score {
        0..=6 => Bucket::Detractor,
        7..=8 => Bucket::Passive,
        _ => Bucket::Promoter,
    }
}

/// Which follow-up question suits a score: what went wrong, what would make it better, or
/// what the member liked. Ratings map 1–2, 3–4, 5.
pub fn follow_up(kind: SurveyKind, score: u8) -> Bucket {
    match kind {
        SurveyKind::Nps => bucket(score),
        SurveyKind::Rating => match score {
            0..=2 => Bucket::Detractor,
            3..=4 => Bucket::Passive,
            _ => Bucket::Promoter,
        },
    }
}

/// Counts of answers; the NPS is % promoters minus % detractors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub promoters: u32,
    pub passives: u32,
    pub detractors: u32,
}

impl Tally {
    pub fn add(&mut self, score: u8) {
        match bucket(score) {
            Bucket::Promoter => self.promoters += 1,
            Bucket::Passive => self.passives += 1,
            Bucket::Detractor => self.detractors += 1,
        }
    }

    pub fn responses(&self) -> u32 {
        self.promoters + self.passives + self.detractors
    }

    /// −100 to 100, rounded half away from zero; `None` with no answers.
    pub fn score(&self) -> Option<i32> {
        let n = self.responses();
        if n == 0 {
            return None;
        }
        let diff = (self.promoters as i64 - self.detractors as i64) * 100;
        let n = n as i64;
        // Integer rounding, half away from zero, so 1/3 − 0 = 33 and 2/3 = 67.
        let rounded = (2 * diff + diff.signum() * n) / (2 * n);
        Some(rounded as i32)
    }
}

/// When a member may be asked a survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eligibility {
    /// Days after the last time this survey was shown (answered or dismissed alike).
    pub cooldown_days: i64,
    /// Days a new member is left alone after signing up.
    pub min_member_days: i64,
}

impl Eligibility {
    pub const NPS: Eligibility = Eligibility { cooldown_days: 90, min_member_days: 7 };
}

/// Why a survey is not shown now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotNow {
    NewMember,
    AskedRecently,
}

/// Whether a member who signed up at `member_since` and was last shown this survey at
/// `last_shown` may be shown it at `now` (all unix seconds).
pub fn eligible(rules: Eligibility, now: i64, member_since: i64, last_shown: Option<i64>) -> Result<(), NotNow> {
    if now - member_since < rules.min_member_days * DAY {
        return Err(NotNow::NewMember);
    }
    match last_shown {
        Some(at) if now - at < rules.cooldown_days * DAY => Err(NotNow::AskedRecently),
        _ => Ok(()),
    }
}

/// `GET /api/v1/staff/surveys/{id}/report`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    pub survey_id: String,
    pub kind: SurveyKind,
    pub responses: u32,
    /// NPS surveys: −100..100. `None` with no answers or for ratings.
    pub nps: Option<i32>,
    /// NPS surveys: the groups behind the score.
    pub tally: Option<Tally>,
    /// Rating surveys: the mean, one decimal.
    pub average: Option<f64>,
    /// One entry per calendar month (UTC+8 business months) with answers, oldest first.
    pub trend: Vec<MonthScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthScore {
    /// `YYYY-MM`
    pub month: String,
    pub responses: u32,
    /// The NPS (or the mean rating ×10, rounded, for ratings) of that month.
    pub score: Option<i32>,
}

/// Mean of ratings to one decimal; `None` if empty.
pub fn average(scores: &[u8]) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let sum: u32 = scores.iter().map(|s| *s as u32).sum();
    Some((sum as f64 * 10.0 / scores.len() as f64).round() / 10.0)
}

/// Builds a report from `(month, score)` answers in any order.
pub fn report(survey_id: &str, kind: SurveyKind, answers: &[(String, u8)]) -> Report {
    let mut months: Vec<String> = answers.iter().map(|(m, _)| m.clone()).collect();
    months.sort();
    months.dedup();
    let score_of = |scores: &[u8]| match kind {
        SurveyKind::Nps => {
            let mut t = Tally::default();
            scores.iter().for_each(|s| t.add(*s));
            t.score()
        }
        SurveyKind::Rating => average(scores).map(|a| (a * 10.0).round() as i32),
    };
    let trend = months
        .into_iter()
        .map(|month| {
            let scores: Vec<u8> = answers.iter().filter(|(m, _)| *m == month).map(|(_, s)| *s).collect();
            MonthScore { responses: scores.len() as u32, score: score_of(&scores), month }
        })
        .collect();
    let all: Vec<u8> = answers.iter().map(|(_, s)| *s).collect();
    let mut tally = Tally::default();
    all.iter().for_each(|s| tally.add(*s));
    let nps = kind == SurveyKind::Nps;
    Report {
        survey_id: survey_id.to_string(),
        kind,
        responses: all.len() as u32,
        nps: if nps { tally.score() } else { None },
        tally: nps.then_some(tally),
        average: if nps { None } else { average(&all) },
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_the_nps_definition() {
        assert_eq!((0..=10).map(bucket).filter(|b| *b == Bucket::Detractor).count(), 7);
        assert_eq!(bucket(6), Bucket::Detractor);
        assert_eq!(bucket(7), Bucket::Passive);
        assert_eq!(bucket(8), Bucket::Passive);
        assert_eq!(bucket(9), Bucket::Promoter);
        assert_eq!(bucket(10), Bucket::Promoter);
    }

    #[test]
    fn score_is_promoters_minus_detractors_in_percent() {
        let mut t = Tally::default();
        assert_eq!(t.score(), None);
        for s in [10, 9, 9, 8, 7, 3] {
            t.add(s);
        }
        // 3/6 promoters − 1/6 detractors = 33.3 %
        assert_eq!(t.score(), Some(33));
        let all_detractors = Tally { promoters: 0, passives: 0, detractors: 4 };
        assert_eq!(all_detractors.score(), Some(-100));
        // 2/3 − 0 = 66.7 rounds up; −2/3 rounds away from zero too.
        assert_eq!(Tally { promoters: 2, passives: 1, detractors: 0 }.score(), Some(67));
        assert_eq!(Tally { promoters: 0, passives: 1, detractors: 2 }.score(), Some(-67));
        assert_eq!(Tally { promoters: 1, passives: 0, detractors: 1 }.score(), Some(0));
    }

    #[test]
    fn eligibility_windows() {
        let now = 1_800_000_000;
        let rules = Eligibility::NPS;
        assert_eq!(eligible(rules, now, now - 6 * DAY, None), Err(NotNow::NewMember));
        assert_eq!(eligible(rules, now, now - 7 * DAY, None), Ok(()));
        assert_eq!(eligible(rules, now, now - 400 * DAY, Some(now - 89 * DAY)), Err(NotNow::AskedRecently));
        assert_eq!(eligible(rules, now, now - 400 * DAY, Some(now - 90 * DAY)), Ok(()));
        let monthly = Eligibility { cooldown_days: 30, ..rules };
        assert_eq!(eligible(monthly, now, now - 400 * DAY, Some(now - 31 * DAY)), Ok(()));
    }

    #[test]
    fn answers_are_checked_against_the_scale() {
        let a = |score, reason: Option<&str>| Answer { score, reason: reason.map(str::to_string) };
        assert_eq!(validate(SurveyKind::Nps, &a(0, Some("  "))), Ok(None));
        assert_eq!(validate(SurveyKind::Nps, &a(10, Some(" 很好 "))), Ok(Some("很好".into())));
        assert!(validate(SurveyKind::Nps, &a(11, None)).is_err());
        assert!(validate(SurveyKind::Rating, &a(0, None)).is_err());
        assert!(validate(SurveyKind::Rating, &a(6, None)).is_err());
        assert!(validate(SurveyKind::Rating, &a(5, Some(&"好".repeat(MAX_REASON_CHARS + 1)))).is_err());
    }

    #[test]
    fn follow_up_adapts_to_the_score() {
        assert_eq!(follow_up(SurveyKind::Nps, 3), Bucket::Detractor);
        assert_eq!(follow_up(SurveyKind::Nps, 8), Bucket::Passive);
        assert_eq!(follow_up(SurveyKind::Rating, 5), Bucket::Promoter);
        assert_eq!(follow_up(SurveyKind::Rating, 2), Bucket::Detractor);
    }

    #[test]
    fn report_has_a_monthly_trend() {
        let answers: Vec<(String, u8)> =
            [("2026-10", 10), ("2026-09", 2), ("2026-10", 9), ("2026-10", 6), ("2026-09", 9)]
                .iter()
                .map(|(m, s)| (m.to_string(), *s))
                .collect();
        let r = report("nps", SurveyKind::Nps, &answers);
        assert_eq!(r.responses, 5);
        assert_eq!(r.nps, Some(20)); // 3 promoters − 2 detractors of 5
        assert_eq!(
            r.trend.iter().map(|m| (m.month.as_str(), m.responses, m.score)).collect::<Vec<_>>(),
            vec![("2026-09", 2, Some(0)), ("2026-10", 3, Some(33))]
        );
        let ratings = report(
            "service",
            SurveyKind::Rating,
            &[("2026-10".into(), 5), ("2026-10".into(), 4), ("2026-10".into(), 4)],
        );
        assert_eq!(ratings.average, Some(4.3));
        assert_eq!(ratings.nps, None);
        assert_eq!(ratings.trend[0].score, Some(43));
    }
}
