//! Articles: the list (recommended first, cursor pages, tag filter, full-text search), the
//! detail with related articles, and bookmarks.
//!
//! Each slug is shown in the reader's language where a translation exists, else in the
//! Chinese original. Search matches any language version of an article.
use crate::http::error::{Error, Result};
use crate::store::{backend, now, Backend, Db, SqlBuilder};
use api::articles::{search_terms, Article, ArticleCard, ArticleInput, ArticlePage, ListCursor};
use api::error::codes;

/// Largest page.
pub const MAX_LIMIT: i64 = 50;

/// What the list is narrowed to.
#[derive(Debug, Default)]
pub struct ListQuery<'a> {
    pub lang: &'a str,
    pub tag: Option<&'a str>,
    pub q: Option<&'a str>,
    pub cursor: Option<&'a str>,
    pub limit: i64,
}

#[derive(sqlx::FromRow)]
struct CardRow {
    slug: String,
    lang: String,
    title: String,
    summary: String,
    author: String,
    credential: String,
    tags: String,
    cover: String,
    published_at: i64,
    reading_minutes: i64,
    rec: i64,
}

impl From<CardRow> for ArticleCard {
    fn from(r: CardRow) -> Self {
        ArticleCard {
            slug: r.slug,
            lang: r.lang,
            title: r.title,
            summary: r.summary,
            author: r.author,
            credential: r.credential,
            tags: r.tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
            published_at: r.published_at,
            reading_minutes: r.reading_minutes.clamp(1, 120) as u32,
            cover: r.cover,
            recommended: r.rec == 1,
        }
    }
}

/// `en` or the default `zh-CN`: the only languages articles are written in.
pub fn lang(requested: &str) -> &'static str {
    if requested == "en" {
        "en"
    } else {
        "zh-CN"
    }
}

/// Pushes `SELECT <card columns> FROM articles a WHERE <published, preferred language>`;
/// `rec` is 1 for articles tagged with one of `topics`.
fn push_cards(b: &mut SqlBuilder, lang: &'static str, topics: &[&'static str]) {
    b.push("SELECT a.slug, a.lang, a.title, a.summary, a.author, a.credential, a.tags, a.cover, a.published_at, a.reading_minutes, ");
    if topics.is_empty() {
        b.push("0");
    } else {
        b.push(
            "CASE WHEN EXISTS (SELECT 1 FROM article_tags t WHERE t.slug = a.slug AND t.lang = a.lang AND t.tag IN (",
        );
        for (i, t) in topics.iter().enumerate() {
            b.push(if i == 0 { "" } else { ", " }).push_bind(*t);
        }
        b.push(")) THEN 1 ELSE 0 END");
    }
    b.push(" AS rec FROM articles a WHERE a.unpublished_at IS NULL AND a.published_at <= ").push_bind(now());
    b.push(" AND (a.lang = ").push_bind(lang);
    b.push(" OR (a.lang = 'zh-CN' AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.unpublished_at IS NULL AND b.slug = a.slug AND b.lang = ")
        .push_bind(lang)
        .push(")))");
}

/// `%term%`, with the wildcards in `term` escaped by a backslash.
fn like_pattern(term: &str) -> String {
    format!("%{}%", term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// One page of the list: recommended first (when `topics` is not empty), newest first.
pub async fn list(db: &Db, query: &ListQuery<'_>, topics: &[&'static str]) -> Result<ArticlePage> {
    let lang = lang(query.lang);
    let limit = query.limit.clamp(1, MAX_LIMIT);
    let after = match query.cursor {
        Some(c) => Some(
            ListCursor::decode(c).ok_or_else(|| Error::bad_request(codes::INVALID_CURSOR, "cursor is not valid"))?,
        ),
        None => None,
    };
    let mut b = SqlBuilder::new("SELECT * FROM (");
    push_cards(&mut b, lang, topics);
    if let Some(tag) = query.tag {
        b.push(" AND EXISTS (SELECT 1 FROM article_tags t WHERE t.slug = a.slug AND t.lang = a.lang AND t.tag = ")
            .push_bind(tag.to_string())
            .push(")");
    }
    for term in query.q.map(search_terms).unwrap_or_default() {
        b.push(" AND a.slug IN (SELECT slug FROM articles_fts WHERE ");
        if backend(db) == Backend::Postgres {
            // ILIKE finds the substring at any length; pg_trgm indexes serve terms of 3+ characters.
            let like = like_pattern(&term);
            for (i, column) in ["title", "summary", "body", "tags"].iter().enumerate() {
                b.push(if i == 0 { "" } else { " OR " }).push(column).push(" ILIKE ").push_bind(like.clone());
                b.push(" ESCAPE '\\'");
            }
        } else if term.chars().count() >= 3 {
            // A quoted FTS5 string: every trigram of the term, in order.
            b.push("articles_fts MATCH ").push_bind(format!("\"{}\"", term.replace('"', "\"\"")));
        } else {
            // Trigrams cannot index one or two characters (血压, bp): scan instead; the
            // corpus is a few hundred articles.
            let like = like_pattern(&term);
            for (i, column) in ["title", "summary", "body", "tags"].iter().enumerate() {
                if i > 0 {
                    b.push(" OR ");
                }
                b.push(*column).push(" LIKE ").push_bind(like.clone()).push(" ESCAPE '\\'");
            }
        }
        b.push(")");
    }
    b.push(") x");
    if let Some(c) = &after {
        let r = i64::from(c.recommended);
        b.push(" WHERE (rec < ").push_bind(r);
        b.push(" OR (rec = ").push_bind(r).push(" AND (published_at < ").push_bind(c.published_at);
        b.push(" OR (published_at = ")
            .push_bind(c.published_at)
            .push(" AND slug > ")
            .push_bind(c.slug.clone())
            .push("))))");
    }
    b.push(" ORDER BY rec DESC, published_at DESC, slug ASC LIMIT ").push_bind(limit + 1);
    let mut rows: Vec<CardRow> = sqlx::query_as_with(&b.sql, b.args).fetch_all(db).await?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| {
            ListCursor { recommended: r.rec == 1, published_at: r.published_at, slug: r.slug.clone() }.encode()
        })
    } else {
        None
    };
    Ok(ArticlePage { items: rows.into_iter().map(ArticleCard::from).collect(), next_cursor })
}

#[derive(sqlx::FromRow)]
struct BodyRow {
    #[sqlx(flatten)]
    card: CardRow,
    body_md: String,
}

/// One article in the reader's language (or the original), with up to three related ones
/// (most shared topics, then newest) and whether the member bookmarked it.
pub async fn detail(db: &Db, member_id: &str, slug: &str, requested_lang: &str) -> Result<Article> {
    let lang = lang(requested_lang);
    let mut b = SqlBuilder::new(
        "SELECT x.*, (SELECT body_md FROM articles WHERE slug = x.slug AND lang = x.lang) AS body_md FROM (",
    );
    push_cards(&mut b, lang, &[]);
    b.push(" AND a.slug = ").push_bind(slug.to_string()).push(") x");
    let row: BodyRow =
        sqlx::query_as_with(&b.sql, b.args).fetch_optional(db).await?.ok_or(Error::NotFound("article"))?;

    let mut r = SqlBuilder::new("SELECT x.* FROM (");
    push_cards(&mut r, lang, &[]);
    r.push(" AND a.slug <> ").push_bind(slug.to_string());
    r.push(") x JOIN (SELECT o.slug, COUNT(*) AS shared FROM article_tags o JOIN article_tags me ON me.tag = o.tag AND me.slug = ")
        .push_bind(slug.to_string())
        .push(" AND me.lang = ")
        .push_bind(row.card.lang.clone())
        .push(" WHERE o.lang = 'zh-CN' GROUP BY o.slug) s ON s.slug = x.slug ORDER BY s.shared DESC, x.published_at DESC, x.slug LIMIT 3");
    let related: Vec<CardRow> = sqlx::query_as_with(&r.sql, r.args).fetch_all(db).await?;

    let bookmarked = sqlx::query("SELECT 1 FROM bookmarks WHERE member_id = $1 AND slug = $2")
        .bind(member_id)
        .bind(slug)
        .fetch_optional(db)
        .await?
        .is_some();
    Ok(Article {
        card: row.card.into(),
        body_md: row.body_md,
        related: related.into_iter().map(ArticleCard::from).collect(),
        bookmarked,
    })
}

/// Bookmarks (or un-bookmarks) an article; both are idempotent.
pub async fn set_bookmark(db: &Db, member_id: &str, slug: &str, on: bool) -> Result<()> {
    if on {
        let exists =
            sqlx::query("SELECT 1 FROM articles WHERE slug = $1").bind(slug).fetch_optional(db).await?.is_some();
        if !exists {
            return Err(Error::NotFound("article"));
        }
        sqlx::query("INSERT INTO bookmarks (member_id, slug, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(member_id)
            .bind(slug)
            .bind(now())
            .execute(db)
            .await?;
    } else {
        sqlx::query("DELETE FROM bookmarks WHERE member_id = $1 AND slug = $2")
            .bind(member_id)
            .bind(slug)
            .execute(db)
            .await?;
    }
    Ok(())
}

/// The member's bookmarked articles, most recently bookmarked first.
pub async fn bookmarks(db: &Db, member_id: &str, requested_lang: &str) -> Result<Vec<ArticleCard>> {
    let mut b = SqlBuilder::new("SELECT x.* FROM (");
    push_cards(&mut b, lang(requested_lang), &[]);
    b.push(") x JOIN bookmarks k ON k.slug = x.slug AND k.member_id = ").push_bind(member_id.to_string());
    b.push(" ORDER BY k.created_at DESC, x.slug");
    let rows: Vec<CardRow> = sqlx::query_as_with(&b.sql, b.args).fetch_all(db).await?;
    Ok(rows.into_iter().map(ArticleCard::from).collect())
}

/// Topics to list first for a member: from their current medicines, unless they turned
/// personalised recommendations off.
pub async fn member_topics(db: &Db, member_id: &str) -> Result<Vec<&'static str>> {
    let names = crate::privacy::medicines_for_personalising(db, member_id).await?;
    Ok(api::articles::topics_for_medicines(names.iter().map(String::as_str)))
}

/// Publishes an article, or corrects one already published (its date stays, so list order
/// and cursors hold). Tags and the search index follow in the same transaction.
pub async fn publish(db: &Db, slug: &str, a: &ArticleInput, published_at: i64) -> Result<()> {
    if !api::articles::is_valid_slug(slug) {
        return Err(Error::bad_request(codes::BAD_REQUEST, "slug must be lowercase letters, digits and hyphens"));
    }
    if let Some(problem) = a.problem() {
        return Err(Error::bad_request(codes::BAD_REQUEST, problem));
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO articles (slug, lang, title, summary, body_md, author, credential, tags, cover, published_at, reading_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (slug, lang) DO UPDATE SET title = excluded.title, summary = excluded.summary,
           body_md = excluded.body_md, author = excluded.author, credential = excluded.credential,
           tags = excluded.tags, cover = excluded.cover, reading_minutes = excluded.reading_minutes,
           unpublished_at = NULL",
    )
    .bind(slug)
    .bind(&a.lang)
    .bind(a.title.trim())
    .bind(a.summary.trim())
    .bind(&a.body_md)
    .bind(a.author.trim())
    .bind(a.credential.trim())
    .bind(a.tags.join(","))
    .bind(a.cover())
    .bind(published_at)
    .bind(i64::from(a.reading_minutes()))
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM articles_fts WHERE slug = $1 AND lang = $2")
        .bind(slug)
        .bind(&a.lang)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO articles_fts (slug, lang, title, summary, body, tags) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(slug)
        .bind(&a.lang)
        .bind(a.title.trim())
        .bind(a.summary.trim())
        .bind(api::markdown::plain_text(&a.body_md))
        .bind(a.tags.join(" "))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM article_tags WHERE slug = $1 AND lang = $2")
        .bind(slug)
        .bind(&a.lang)
        .execute(&mut *tx)
        .await?;
    for tag in &a.tags {
        sqlx::query("INSERT INTO article_tags (slug, lang, tag) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(slug)
            .bind(&a.lang)
            .bind(tag)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every article version for the editors, the newest first, offline ones included.
pub async fn all_versions(db: &Db) -> Result<Vec<api::staff::ArticleVersion>> {
    let rows: Vec<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT slug, lang, title, published_at, unpublished_at FROM articles ORDER BY published_at DESC, slug, lang",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, lang, title, published_at, off)| api::staff::ArticleVersion {
            slug,
            lang,
            title,
            published_at,
            live: off.is_none(),
        })
        .collect())
}

/// One version as written (Markdown and all), for an editor to correct.
pub async fn source(db: &Db, slug: &str, lang: &str) -> Result<ArticleInput> {
    type Row = (String, String, String, String, String, String);
    let row: Option<Row> = sqlx::query_as(
        "SELECT title, summary, body_md, author, credential, tags FROM articles WHERE slug = $1 AND lang = $2",
    )
    .bind(slug)
    .bind(lang)
    .fetch_optional(db)
    .await?;
    let (title, summary, body_md, author, credential, tags) = row.ok_or(Error::NotFound("article"))?;
    let tags = tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect();
    Ok(ArticleInput { lang: lang.to_string(), title, summary, body_md, author, credential, tags })
}

/// Takes one version offline (members no longer list or open it; bookmarks stay and show it
/// again when it is published again).
pub async fn unpublish(db: &Db, slug: &str, lang: &str) -> Result<()> {
    let done = sqlx::query("UPDATE articles SET unpublished_at = $1 WHERE slug = $2 AND lang = $3")
        .bind(now())
        .bind(slug)
        .bind(lang)
        .execute(db)
        .await?
        .rows_affected();
    if done == 0 {
        return Err(Error::NotFound("article"));
    }
    Ok(())
}
