//! Articles read recently, kept on the device (encrypted, wiped at logout) so they stay
//! readable offline, with how far the member got in each.
use api::articles::Article;
use serde::{Deserialize, Serialize};

use crate::offline::{self, keys};

/// How many articles are kept.
const KEEP: usize = 10;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Recent {
    pub items: Vec<Saved>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Saved {
    pub article: Article,
    /// Furthest point reached, 0–100.
    pub progress: u8,
}

impl Recent {
    pub fn progress(&self, slug: &str) -> Option<u8> {
        self.items.iter().find(|s| s.article.card.slug == slug).map(|s| s.progress)
    }

    pub fn article(&self, slug: &str) -> Option<Article> {
        self.items.iter().find(|s| s.article.card.slug == slug).map(|s| s.article.clone())
    }
}

pub async fn load() -> Recent {
    offline::load(keys::ARTICLES).await.unwrap_or_default()
}

/// Puts a freshly fetched article first, keeping the progress already made.
pub async fn remember(article: &Article) {
    let mut recent = load().await;
    let progress = recent.progress(&article.card.slug).unwrap_or(0);
    recent.items.retain(|s| s.article.card.slug != article.card.slug);
    recent.items.insert(0, Saved { article: article.clone(), progress });
    recent.items.truncate(KEEP);
    offline::save(keys::ARTICLES, &recent).await;
}

/// Records progress; it only ever grows (scrolling back up to re-read is not "unread").
pub async fn set_progress(slug: &str, progress: u8) {
    let mut recent = load().await;
    if let Some(s) = recent.items.iter_mut().find(|s| s.article.card.slug == slug) {
        if progress > s.progress {
            s.progress = progress.min(100);
            offline::save(keys::ARTICLES, &recent).await;
        }
    }
}
