//! Member feedback: categories, the promised reply time, and the "My feedback" view.
use serde::{Deserialize, Serialize};

const HOUR: i64 = 3_600;

/// What the feedback is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Product,
    Service,
    Suggestion,
    Complaint,
}

impl Category {
    pub const ALL: [Category; 4] = [Category::Product, Category::Service, Category::Suggestion, Category::Complaint];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Product => "product",
            Category::Service => "service",
            Category::Suggestion => "suggestion",
            Category::Complaint => "complaint",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Hours within which a reply is promised: complaints and major issues (the member says it
/// affects their medicines or health) 24 h, everything else 72 h.
pub fn reply_hours(category: Category, major: bool) -> i64 {
    if major || category == Category::Complaint {
        24
    } else {
        72
    }
}

/// When a reply is due for feedback sent at `sent_at` (unix seconds).
pub fn reply_due(category: Category, major: bool, sent_at: i64) -> i64 {
    sent_at + reply_hours(category, major) * HOUR
}

/// Shortest and longest accepted text, in characters.
pub const MIN_TEXT_CHARS: usize = 5;
pub const MAX_TEXT_CHARS: usize = 2000;

/// The text trimmed, or why it cannot be sent.
pub fn validate_text(text: &str) -> Result<String, String> {
    let t = text.trim();
    let n = t.chars().count();
    if n < MIN_TEXT_CHARS {
        Err(format!("feedback must be at least {MIN_TEXT_CHARS} characters"))
    } else if n > MAX_TEXT_CHARS {
        Err(format!("feedback must be at most {MAX_TEXT_CHARS} characters"))
    } else {
        Ok(t.to_string())
    }
}

/// Where a piece of feedback stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Sent, no reply yet.
    Open,
    Replied,
    Resolved,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Replied => "replied",
            Status::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Open, Status::Replied, Status::Resolved].into_iter().find(|c| c.as_str() == s)
    }
}

/// One piece of the member's feedback with its replies, oldest reply first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    pub id: String,
    pub category: Category,
    pub major: bool,
    pub text: String,
    pub has_photo: bool,
    pub status: Status,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds by which a reply is promised.
    pub reply_due: i64,
    pub replies: Vec<Reply>,
}

/// A reply from the service team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reply {
    /// The staff member's display name, e.g. 客服 小王.
    pub author: String,
    pub text: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// A reply as stored: the staff endpoint signs it with the staff member's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyRequest {
    pub author: String,
    pub text: String,
    /// Marks the feedback resolved as well.
    #[serde(default)]
    pub resolve: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complaints_and_major_issues_get_a_reply_within_a_day() {
        assert_eq!(reply_hours(Category::Complaint, false), 24);
        assert_eq!(reply_hours(Category::Product, true), 24);
        assert_eq!(reply_hours(Category::Suggestion, false), 72);
        assert_eq!(reply_due(Category::Service, false, 1000), 1000 + 72 * 3600);
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(validate_text("  送货太慢了  "), Ok("送货太慢了".into()));
        assert!(validate_text("  好 ").is_err());
        assert!(validate_text(&"很".repeat(MAX_TEXT_CHARS + 1)).is_err());
        assert!(validate_text(&"很".repeat(MAX_TEXT_CHARS)).is_ok());
    }

    #[test]
    fn category_and_status_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(Category::parse("spam"), None);
        assert_eq!(Status::parse("replied"), Some(Status::Replied));
    }
}
