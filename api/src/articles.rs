//! Health articles written by pharmacists: wire types, topics, the list cursor and which
//! topics a member's medicines point to (for "for you" ordering).
use serde::{Deserialize, Serialize};

use crate::drugs;

/// An article in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleCard {
    pub slug: String,
    /// The language the text is in: an English reader sees the Chinese original where no
    /// translation exists, and the page marks it so screen readers switch voice.
    pub lang: String,
    pub title: String,
    pub summary: String,
    /// Pharmacist's name.
    pub author: String,
    /// Their qualification, e.g. 执业药师 (licensed pharmacist).
    pub credential: String,
    /// Topic tags, as the Chinese codes in [`TOPICS`].
    pub tags: Vec<String>,
    /// Unix seconds.
    pub published_at: i64,
    pub reading_minutes: u32,
    /// Path of the cover image (same origin).
    pub cover: String,
    /// Listed first because it matches the member's medicines (personalisation on).
    #[serde(default)]
    pub recommended: bool,
}

/// `GET /api/v1/articles`: one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticlePage {
    pub items: Vec<ArticleCard>,
    /// Pass back as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// `GET /api/v1/articles/{slug}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    #[serde(flatten)]
    pub card: ArticleCard,
    /// CommonMark subset; render with [`crate::markdown::parse`], never as HTML.
    pub body_md: String,
    pub related: Vec<ArticleCard>,
    pub bookmarked: bool,
}

/// `PUT /api/v1/staff/articles/{slug}`: a content editor publishes (or corrects) an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleInput {
    /// `zh-CN` or `en`.
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub body_md: String,
    pub author: String,
    pub credential: String,
    /// Topic codes from [`TOPICS`]; the first picks the cover.
    pub tags: Vec<String>,
}

impl ArticleInput {
    /// Why the article cannot be published, if it cannot.
    pub fn problem(&self) -> Option<String> {
        let len = |s: &str| s.trim().chars().count();
        if self.lang != "zh-CN" && self.lang != "en" {
            return Some("lang must be zh-CN or en".into());
        }
        for (name, value, max) in [
            ("title", &self.title, 80),
            ("summary", &self.summary, 200),
            ("author", &self.author, 40),
            ("credential", &self.credential, 40),
        ] {
            if len(value) == 0 || len(value) > max {
                return Some(format!("{name} must be 1–{max} characters"));
            }
        }
        if len(&self.body_md) == 0 || self.body_md.len() > 40_000 {
            return Some("body_md must be 1–40000 bytes".into());
        }
        if self.tags.is_empty() || self.tags.iter().any(|t| !TOPICS.iter().any(|k| k.tag == t)) {
            return Some(format!(
                "tags must be some of {}",
                TOPICS.iter().map(|t| t.tag).collect::<Vec<_>>().join(", ")
            ));
        }
        None
    }

    /// Reading time at an unhurried pace (the readers are often older): 300 Chinese
    /// characters or 150 English words a minute, rounded up.
    pub fn reading_minutes(&self) -> u32 {
        let cjk = self.body_md.chars().filter(|c| *c as u32 >= 0x2E80).count();
        let words = self.body_md.split_whitespace().filter(|w| w.chars().any(|c| c.is_ascii_alphabetic())).count();
        ((cjk as f32 / 300.0 + words as f32 / 150.0).ceil() as u32).max(1)
    }

    /// The cover image drawn for the first topic (files in the portal's `public/covers`).
    pub fn cover(&self) -> &'static str {
        match self.tags.first().map(String::as_str) {
            Some("高血压" | "三高") => "/covers/heart.svg",
            Some("糖尿病") => "/covers/drop.svg",
            Some("孕期用药") => "/covers/bloom.svg",
            Some("老年用药") => "/covers/elder.svg",
            _ => "/covers/pill.svg",
        }
    }
}

/// A topic members can filter by; `tag` is the stored code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Topic {
    pub tag: &'static str,
    pub en: &'static str,
}

/// Every topic, in the order the filter chips show them.
pub const TOPICS: &[Topic] = &[
    Topic { tag: "高血压", en: "Blood pressure" },
    Topic { tag: "糖尿病", en: "Diabetes" },
    Topic { tag: "三高", en: "Heart health" },
    Topic { tag: "用药安全", en: "Medicine safety" },
    Topic { tag: "孕期用药", en: "Pregnancy" },
    Topic { tag: "老年用药", en: "Older adults" },
];

/// The label of a tag in `lang` (`en` or Chinese); unknown tags show as stored.
pub fn topic_label<'a>(tag: &'a str, lang: &str) -> &'a str {
    if lang != "en" {
        return tag;
    }
    TOPICS.iter().find(|t| t.tag == tag).map(|t| t.en).unwrap_or(tag)
}

/// Drug stems (see [`drugs::DRUGS`]) and the topics they point to.
const DRUG_TOPICS: &[(&[&str], &[&str])] = &[
    (
        &[
            "氨氯地平",
            "硝苯地平",
            "缬沙坦",
            "厄贝沙坦",
            "氯沙坦",
            "替米沙坦",
            "贝那普利",
            "培哚普利",
            "美托洛尔",
            "比索洛尔",
            "氢氯噻嗪",
        ],
        &["高血压", "三高"],
    ),
    (
        &[
            "二甲双胍",
            "格列美脲",
            "格列齐特",
            "阿卡波糖",
            "西格列汀",
            "达格列净",
            "恩格列净",
            "甘精胰岛素",
            "门冬胰岛素",
        ],
        &["糖尿病", "三高"],
    ),
    (&["阿托伐他汀", "瑞舒伐他汀", "辛伐他汀"], &["三高"]),
    (&["华法林", "利伐沙班", "阿司匹林", "氯吡格雷", "替格瑞洛", "地高辛"], &["用药安全"]),
];

/// Topics a member taking these medicines (names as entered, any salt or form) is likely to
/// want first, without duplicates. Unknown medicines add nothing.
pub fn topics_for_medicines<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
    let mut topics: Vec<&'static str> = Vec::new();
    for name in names {
        let Some(found) = drugs::find(name) else { continue };
        for (stems, tags) in DRUG_TOPICS {
            if stems.contains(&found.drug.zh) {
                for tag in *tags {
                    if !topics.contains(tag) {
                        topics.push(tag);
                    }
                }
            }
        }
    }
    topics
}

/// Slugs are lowercase ASCII words joined by hyphens (they appear in URLs and links).
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Where a page ended in the list order (recommended first, newest first, then slug).
/// Opaque to clients: `"<0|1>.<published_at>.<slug>"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCursor {
    pub recommended: bool,
    pub published_at: i64,
    pub slug: String,
}

impl ListCursor {
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", u8::from(self.recommended), self.published_at, self.slug)
    }

    pub fn decode(text: &str) -> Option<ListCursor> {
        let mut parts = text.splitn(3, '.');
        let recommended = match parts.next()? {
            "0" => false,
            "1" => true,
            _ => return None,
        };
        let published_at = parts.next()?.parse().ok()?;
        let slug = parts.next()?.to_string();
        is_valid_slug(&slug).then_some(ListCursor { recommended, published_at, slug })
    }
}

/// Longest search accepted, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 50;
/// Most words of a search used.
pub const MAX_QUERY_TERMS: usize = 5;

/// The words of a search box entry: trimmed, full-width spaces included, capped.
pub fn search_terms(q: &str) -> Vec<String> {
    let capped: String = q.chars().take(MAX_QUERY_CHARS).collect();
    capped
        .split(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '，' || c == ',')
        .filter(|t| !t.is_empty())
        .take(MAX_QUERY_TERMS)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medicines_point_to_topics_whatever_the_salt_or_form() {
        assert_eq!(topics_for_medicines(["苯磺酸氨氯地平片"]), vec!["高血压", "三高"]);
        assert_eq!(topics_for_medicines(["Metformin 500mg", "阿托伐他汀钙片"]), vec!["糖尿病", "三高"]);
        assert_eq!(topics_for_medicines(["华法林钠片"]), vec!["用药安全"]);
        assert!(topics_for_medicines(["维生素C", ""]).is_empty());
    }

    #[test]
    fn cursor_round_trips_and_rejects_tampering() {
        let c = ListCursor { recommended: true, published_at: 1_700_000_000, slug: "statins-timing".into() };
        assert_eq!(ListCursor::decode(&c.encode()), Some(c));
        for bad in ["", "2.1.a", "1.x.a", "1.5.", "1.5.Bad Slug", "0.5.a'--"] {
            assert_eq!(ListCursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn search_terms_split_on_any_space_and_are_capped() {
        assert_eq!(search_terms("  血压　 测量 "), vec!["血压", "测量"]);
        assert_eq!(search_terms("a b c d e f g").len(), MAX_QUERY_TERMS);
        assert_eq!(search_terms(&"药".repeat(80))[0].chars().count(), MAX_QUERY_CHARS);
        assert!(search_terms("   ").is_empty());
    }

    #[test]
    fn topic_labels_follow_the_language() {
        assert_eq!(topic_label("糖尿病", "en"), "Diabetes");
        assert_eq!(topic_label("糖尿病", "zh-CN"), "糖尿病");
        assert_eq!(topic_label("其他", "en"), "其他");
    }

    #[test]
    fn publishing_checks_fields_and_estimates_reading_time() {
        let mut a = ArticleInput {
            lang: "zh-CN".into(),
            title: "标题".into(),
            summary: "摘要".into(),
            body_md: "药".repeat(1000),
            author: "陈药师".into(),
            credential: "执业药师".into(),
            tags: vec!["糖尿病".into()],
        };
        assert_eq!(a.problem(), None);
        assert_eq!(a.reading_minutes(), 4);
        assert_eq!(a.cover(), "/covers/drop.svg");
        a.body_md = "word ".repeat(300);
        assert_eq!(a.reading_minutes(), 2);
        a.tags = vec!["减肥".into()];
        assert!(a.problem().unwrap().contains("tags"));
        a.tags = vec!["糖尿病".into()];
        a.lang = "fr".into();
        assert!(a.problem().is_some());
        a.lang = "en".into();
        a.title = " ".into();
        assert!(a.problem().unwrap().contains("title"));
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(is_valid_slug("home-blood-pressure"));
        assert!(!is_valid_slug("../etc"));
        assert!(!is_valid_slug("Home"));
        assert!(!is_valid_slug("-a"));
    }
}
