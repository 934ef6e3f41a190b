//! Member feedback and the service team's replies.
use std::collections::HashMap;

use api::error::codes;
use api::feedback::{self, Category, Feedback, Reply, ReplyRequest, Status};

use crate::http::error::{Error, Result};
use crate::store::{new_id, now, Db};

/// What a member sent, checked.
pub struct NewFeedback {
    pub category: Category,
    pub major: bool,
    pub text: String,
    /// File name under the uploads directory.
    pub photo: Option<String>,
}

/// Parses the form fields of a submission.
pub fn new_feedback(category: &str, major: &str, text: &str) -> Result<NewFeedback> {
    let category = Category::parse(category).ok_or_else(|| {
        Error::bad_request(codes::INVALID_FEEDBACK, "category must be product, service, suggestion or complaint")
    })?;
    let text = feedback::validate_text(text).map_err(|m| Error::bad_request(codes::INVALID_FEEDBACK, m))?;
    Ok(NewFeedback { category, major: matches!(major, "true" | "1" | "on"), text, photo: None })
}

/// The id of feedback already sent with this idempotency key.
pub async fn by_key(db: &Db, member_id: &str, key: &str) -> Result<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM feedback WHERE member_id = $1 AND idempotency_key = $2")
            .bind(member_id)
            .bind(key)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// Stores new feedback; `None` if a concurrent request with the same key stored it first.
pub async fn create(db: &Db, member_id: &str, key: &str, f: &NewFeedback) -> Result<Option<String>> {
    let id = new_id();
    let t = now();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO feedback (id, member_id, idempotency_key, category, major, body, photo_path, status, created_at, reply_due)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9) ON CONFLICT (member_id, idempotency_key) DO NOTHING",
    )
    .bind(&id)
    .bind(member_id)
    .bind(key)
    .bind(f.category.as_str())
    .bind(i64::from(f.major))
    .bind(&f.text)
    .bind(&f.photo)
    .bind(t)
    .bind(feedback::reply_due(f.category, f.major, t))
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !inserted {
        return Ok(None);
    }
    if let Some(photo) = &f.photo {
        crate::store::pending_files::adopt(&mut tx, &[photo.as_str()]).await?;
    }
    tx.commit().await?;
    Ok(Some(id))
}

type FeedbackRow = (String, String, i64, String, Option<String>, String, i64, i64);

const COLUMNS: &str = "id, category, major, body, photo_path, status, created_at, reply_due";

fn item(
    (id, category, major, text, photo, status, created_at, reply_due): FeedbackRow,
    replies: Vec<Reply>,
) -> Feedback {
    Feedback {
        id,
        category: Category::parse(&category).unwrap_or(Category::Suggestion),
        major: major != 0,
        text,
        has_photo: photo.is_some(),
        status: Status::parse(&status).unwrap_or(Status::Open),
        created_at,
        reply_due,
        replies,
    }
}

/// Replies to the given feedback, grouped by feedback id, oldest first.
/// `filter` is a condition on `f` (the feedback) with one parameter, `$1`.
async fn replies(db: &Db, filter: &str, value: &str) -> Result<HashMap<String, Vec<Reply>>> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(&format!(
        "SELECT r.feedback_id, r.author, r.body, r.created_at FROM feedback_replies r
         JOIN feedback f ON f.id = r.feedback_id WHERE {filter} ORDER BY r.created_at, r.id"
    ))
    .bind(value)
    .fetch_all(db)
    .await?;
    let mut by_id: HashMap<String, Vec<Reply>> = HashMap::new();
    for (feedback_id, author, text, created_at) in rows {
        by_id.entry(feedback_id).or_default().push(Reply { author, text, created_at });
    }
    Ok(by_id)
}

/// The member's feedback, newest first, with replies.
pub async fn mine(db: &Db, member_id: &str) -> Result<Vec<Feedback>> {
    let rows: Vec<FeedbackRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM feedback WHERE member_id = $1 ORDER BY created_at DESC, id LIMIT 100"
    ))
    .bind(member_id)
    .fetch_all(db)
    .await?;
    let mut replies = replies(db, "f.member_id = $1", member_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let id = r.0.clone();
            item(r, replies.remove(&id).unwrap_or_default())
        })
        .collect())
}

/// One of the member's own feedback items; anyone else's is "not found".
pub async fn one(db: &Db, member_id: &str, id: &str) -> Result<Feedback> {
    let row: FeedbackRow = sqlx::query_as(&format!("SELECT {COLUMNS} FROM feedback WHERE id = $1 AND member_id = $2"))
        .bind(id)
        .bind(member_id)
        .fetch_optional(db)
        .await?
        .ok_or(Error::NotFound("feedback"))?;
    let replies = replies(db, "f.id = $1", id).await?.remove(id).unwrap_or_default();
    Ok(item(row, replies))
}

/// The stored photo file of the member's feedback.
pub async fn photo_file(db: &Db, member_id: &str, id: &str) -> Result<String> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT photo_path FROM feedback WHERE id = $1 AND member_id = $2")
            .bind(id)
            .bind(member_id)
            .fetch_optional(db)
            .await?;
    row.and_then(|(p,)| p).ok_or(Error::NotFound("photo"))
}

/// The photo of any feedback, for member service.
pub async fn any_photo_file(db: &Db, id: &str) -> Result<String> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT photo_path FROM feedback WHERE id = $1").bind(id).fetch_optional(db).await?;
    row.and_then(|(p,)| p).ok_or(Error::NotFound("photo"))
}

/// Open feedback for the service team, the reply most overdue first.
pub async fn queue(db: &Db) -> Result<Vec<Feedback>> {
    let rows: Vec<FeedbackRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM feedback WHERE status = 'open' ORDER BY reply_due, created_at LIMIT 200"
    ))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| item(r, Vec::new())).collect())
}

/// A staff reply; marks the feedback replied (or resolved). Returns the member's owner id.
pub async fn reply(db: &Db, id: &str, r: &ReplyRequest) -> Result<String> {
    let text = r.text.trim();
    let author = r.author.trim();
    if text.is_empty()
        || text.chars().count() > feedback::MAX_TEXT_CHARS
        || author.is_empty()
        || author.chars().count() > 40
    {
        return Err(Error::bad_request(
            codes::INVALID_FEEDBACK,
            "a reply needs an author (≤ 40 characters) and text (≤ 2000)",
        ));
    }
    let owner: Option<(String,)> =
        sqlx::query_as("SELECT member_id FROM feedback WHERE id = $1").bind(id).fetch_optional(db).await?;
    let (member_id,) = owner.ok_or(Error::NotFound("feedback"))?;
    let status = if r.resolve { Status::Resolved } else { Status::Replied };
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO feedback_replies (id, feedback_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(new_id())
        .bind(id)
        .bind(author)
        .bind(text)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE feedback SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(member_id)
}
