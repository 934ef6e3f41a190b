//! Health articles written by pharmacists.
use serde::{Deserialize, Serialize};

/// An article in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub tags: Vec<String>,
    /// Unix seconds.
    pub published_at: i64,
    pub reading_minutes: u32,
}
