//! Surveys: choosing which one (if any) to put to a member now, storing the answer once
//! with its points, and the NPS report.
use api::error::codes;
use api::surveys::{self, Answer, Answered, Eligibility, Invitation, Moment, Report, SurveyKind};
use time::UtcOffset;

use crate::http::error::{Error, Result};
use crate::store::{new_id, now, Db};
use crate::{loyalty::data, loyalty::earning};

const DAY: i64 = 86_400;
/// Days a new member is left alone.
const MIN_MEMBER_DAYS: i64 = 7;
/// No two surveys within this many days, whichever they are.
const ANY_SURVEY_GAP_DAYS: i64 = 7;
/// An invitation shown but neither answered nor dismissed is offered again for this long.
const PENDING_DAYS: i64 = 7;
// An open invitation is always within the gap, so only a member who was asked recently can
// have one (`next` looks for it only then).
const _: () = assert!(PENDING_DAYS <= ANY_SURVEY_GAP_DAYS);

#[derive(sqlx::FromRow)]
struct SurveyRow {
    id: String,
    kind: String,
    question_zh: String,
    question_en: String,
    points: i64,
    cooldown_days: i64,
}

impl SurveyRow {
    fn kind(&self) -> Result<SurveyKind> {
        SurveyKind::parse(&self.kind)
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("survey {} has kind {}", self.id, self.kind)))
    }

    fn invitation(&self, id: String, lang: &str) -> Result<Invitation> {
        let question = if lang == "en" { &self.question_en } else { &self.question_zh };
        Ok(Invitation { id, kind: self.kind()?, question: question.clone(), points: self.points })
    }
}

const SURVEY_COLUMNS: &str = "s.id, s.kind, s.question_zh, s.question_en, s.points, s.cooldown_days";

/// The survey to show now, if any. Showing it is recorded at once: a dismissed or ignored
/// survey counts as asked for its cooldown.
pub async fn next(db: &Db, member_id: &str, moment: Moment, lang: &str) -> Result<Option<Invitation>> {
    let t = now();
    let (member_since,): (i64,) = sqlx::query_as("SELECT created_at FROM members WHERE id = $1")
        .bind(member_id)
        .fetch_optional(db)
        .await?
        .ok_or(Error::NotFound("member"))?;
    let (last_any,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(shown_at) FROM survey_invitations WHERE member_id = $1")
            .bind(member_id)
            .fetch_one(db)
            .await?;
    let gap = Eligibility { cooldown_days: ANY_SURVEY_GAP_DAYS, min_member_days: MIN_MEMBER_DAYS };
    if surveys::eligible(gap, t, member_since, last_any).is_err() {
        // Asked recently: that invitation, if still open (read after the gap check, so a
        // request racing another sees the invitation the other just made).
        return pending(db, member_id, t, lang).await;
    }

    let active: Vec<SurveyRow> =
        sqlx::query_as(&format!("SELECT {SURVEY_COLUMNS} FROM surveys s WHERE s.active = 1 ORDER BY s.priority, s.id"))
            .fetch_all(db)
            .await?;
    for s in active {
        let (last,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(shown_at) FROM survey_invitations WHERE member_id = $1 AND survey_id = $2")
                .bind(member_id)
                .bind(&s.id)
                .fetch_one(db)
                .await?;
        let rules = Eligibility { cooldown_days: s.cooldown_days, min_member_days: MIN_MEMBER_DAYS };
        if surveys::eligible(rules, t, member_since, last).is_err() {
            continue;
        }
        // An invitation left unanswered past its time no longer holds the member's one open slot.
        sqlx::query(
            "UPDATE survey_invitations SET pending = NULL WHERE member_id = $1 AND pending = 1 AND shown_at <= $2",
        )
        .bind(member_id)
        .bind(t - PENDING_DAYS * DAY)
        .execute(db)
        .await?;
        let id = new_id();
        // The unique index on open invitations decides between two requests at the same
        // instant: the loser shows the winner's invitation.
        let created = sqlx::query(
            "INSERT INTO survey_invitations (id, survey_id, member_id, moment, shown_at, pending)
             VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(&s.id)
        .bind(member_id)
        .bind(moment.as_str())
        .bind(t)
        .execute(db)
        .await?
        .rows_affected();
        if created == 0 {
            return pending(db, member_id, t, lang).await;
        }
        return s.invitation(id, lang).map(Some);
    }
    Ok(None)
}

/// The member's invitation shown within [`PENDING_DAYS`] and neither answered nor dismissed.
async fn pending(db: &Db, member_id: &str, t: i64, lang: &str) -> Result<Option<Invitation>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT i.id, i.survey_id FROM survey_invitations i
         WHERE i.member_id = $1 AND i.dismissed_at IS NULL AND i.shown_at > $2
           AND NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.invitation_id = i.id)
         ORDER BY i.shown_at DESC LIMIT 1",
    )
    .bind(member_id)
    .bind(t - PENDING_DAYS * DAY)
    .fetch_optional(db)
    .await?;
    match row {
        Some((id, survey_id)) => survey(db, &survey_id).await?.invitation(id, lang).map(Some),
        None => Ok(None),
    }
}

async fn survey(db: &Db, id: &str) -> Result<SurveyRow> {
    sqlx::query_as(&format!("SELECT {SURVEY_COLUMNS} FROM surveys s WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or(Error::NotFound("survey"))
}

/// The survey behind a member's own invitation; another member's is "not found".
async fn invitation_survey(db: &Db, member_id: &str, invitation_id: &str) -> Result<SurveyRow> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT survey_id FROM survey_invitations WHERE id = $1 AND member_id = $2")
            .bind(invitation_id)
            .bind(member_id)
            .fetch_optional(db)
            .await?;
    let (survey_id,) = row.ok_or(Error::NotFound("invitation"))?;
    survey(db, &survey_id).await
}

/// Stores the answer and credits its points, once: a repeat (a double tap, a retry after a
/// lost response) returns the first answer and credits nothing more.
pub async fn answer(db: &Db, member_id: &str, invitation_id: &str, answer: &Answer) -> Result<Answered> {
    let s = invitation_survey(db, member_id, invitation_id).await?;
    if let Some(done) = existing(db, invitation_id).await? {
        return Ok(done);
    }
    let reason = surveys::validate(s.kind()?, answer).map_err(|m| Error::bad_request(codes::INVALID_ANSWER, m))?;
    let member = data::member(db, member_id).await?;
    let zone: UtcOffset = data::offset(member.utc_offset_minutes);
    let t = now();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO survey_responses (invitation_id, survey_id, member_id, score, reason, points, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (invitation_id) DO NOTHING",
    )
    .bind(invitation_id)
    .bind(&s.id)
    .bind(member_id)
    .bind(i64::from(answer.score))
    .bind(&reason)
    .bind(s.points)
    .bind(t)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if inserted && s.points > 0 {
        let reference = format!("survey:{invitation_id}");
        let entry = data::NewEntry {
            // Derived from the invitation: a second writer cannot credit twice.
            id: reference.clone(),
            member_id,
            kind: "survey",
            points: s.points,
            description: "问卷调研奖励",
            created_at: t,
            expires_at: Some(earning::points_expiry(t, zone)),
            reference: Some(&reference),
        };
        data::append_ledger(&mut *tx, &entry).await?;
    }
    sqlx::query("UPDATE survey_invitations SET pending = NULL WHERE id = $1")
        .bind(invitation_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    existing(db, invitation_id).await?.ok_or(Error::NotFound("response"))
}

async fn existing(db: &Db, invitation_id: &str) -> Result<Option<Answered>> {
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT score, points FROM survey_responses WHERE invitation_id = $1")
        .bind(invitation_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(score, points)| Answered { score: score.clamp(0, 10) as u8, points }))
}

/// The member closed the prompt without answering; it still counts as shown.
pub async fn dismiss(db: &Db, member_id: &str, invitation_id: &str) -> Result<()> {
    invitation_survey(db, member_id, invitation_id).await?;
    sqlx::query(
        "UPDATE survey_invitations SET dismissed_at = $1, pending = NULL WHERE id = $2 AND dismissed_at IS NULL",
    )
    .bind(now())
    .bind(invitation_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Business months are China time (UTC+8), whoever answered.
const REPORT_ZONE: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(z) => z,
    Err(_) => UtcOffset::UTC,
};

/// Score, count and monthly trend of a survey's answers in the last `months` months.
pub async fn report(db: &Db, survey_id: &str, months: i64) -> Result<Report> {
    let s = survey(db, survey_id).await?;
    let since = now() - months.clamp(1, 36) * 31 * DAY;
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT created_at, score FROM survey_responses WHERE survey_id = $1 AND created_at >= $2")
            .bind(survey_id)
            .bind(since)
            .fetch_all(db)
            .await?;
    let answers: Vec<(String, u8)> = rows
        .into_iter()
        .map(|(at, score)| {
            let d = time::OffsetDateTime::from_unix_timestamp(at)
                .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
                .to_offset(REPORT_ZONE);
            (format!("{:04}-{:02}", d.year(), d.month() as u8), score.clamp(0, 10) as u8)
        })
        .collect();
    Ok(surveys::report(&s.id, s.kind()?, &answers))
}
