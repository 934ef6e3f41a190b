//! Health articles: list, search, detail, bookmarks.
use api::articles::{Article, ArticleCard, ArticlePage};
use api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use crate::auth::extract::CurrentMember;
use crate::content::articles::{self, ListQuery};
use crate::http::error::{Error, Result};
use crate::http::extract::LangQuery;
use crate::http::extract::{ApiPath, ApiQuery};
use crate::AppState;

/// Articles per page when the client does not say.
const PAGE: i64 = 10;

/// `?lang=&tag=&q=&cursor=&limit=`
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub lang: Option<String>,
    pub tag: Option<String>,
    pub q: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// Published articles: those matching the member's medicines first (unless they turned
/// personalised recommendations off), then newest first. `tag` narrows to a topic, `q`
/// searches titles, summaries, bodies and tags in Chinese or English.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles",
    params(("lang" = Option<String>, Query, description = "zh-CN (default) or en"),
        ("tag" = Option<String>, Query, description = "a topic, e.g. 高血压"),
        ("q" = Option<String>, Query, description = "search words, up to 50 characters"),
        ("cursor" = Option<String>, Query, description = "next_cursor of the page before; absent or empty: the first page"),
        ("limit" = Option<i64>, Query, description = "clamped to 1–50, default 10")),
    responses((status = 200, body = ArticlePage), (status = 400, body = ErrorBody, description = "invalid_cursor"),
        (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<ArticlePage>> {
    let searching = p.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    // A search or a topic is the member's own choice of order: no reordering then. Without
    // consent to the policy in force, the member's medicines are not read at all.
    let topics = if searching || p.tag.is_some() || !member.consented {
        Vec::new()
    } else {
        articles::member_topics(&state.db, &member.member_id).await?
    };
    let query = ListQuery {
        lang: p.lang.as_deref().unwrap_or("zh-CN"),
        tag: p.tag.as_deref().filter(|t| !t.is_empty()),
        q: p.q.as_deref(),
        cursor: p.cursor.as_deref().filter(|c| !c.is_empty()),
        limit: p.limit.unwrap_or(PAGE),
    };
    Ok(Json(articles::list(&state.db, &query, &topics).await?))
}

/// One article with its Markdown body, up to three related articles and the bookmark state.
#[utoipa::path(get, path = "/api/v1/articles/{slug}", tag = "articles",
    params(("slug" = String, Path), ("lang" = Option<String>, Query)),
    responses((status = 200, body = Article), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(lang): ApiQuery<LangQuery>,
) -> Result<Json<Article>> {
    if !api::articles::is_valid_slug(&slug) {
        return Err(Error::NotFound("article"));
    }
    Ok(Json(articles::detail(&state.db, &member.member_id, &slug, lang.lang()).await?))
}

/// Bookmarks an article (idempotent).
#[utoipa::path(put, path = "/api/v1/articles/{slug}/bookmark", tag = "articles", params(("slug" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn bookmark(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(slug): ApiPath<String>,
) -> Result<StatusCode> {
    articles::set_bookmark(&state.db, &member.member_id, &slug, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a bookmark (idempotent).
#[utoipa::path(delete, path = "/api/v1/articles/{slug}/bookmark", tag = "articles", params(("slug" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn unbookmark(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(slug): ApiPath<String>,
) -> Result<StatusCode> {
    articles::set_bookmark(&state.db, &member.member_id, &slug, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The member's bookmarks, most recent first.
#[utoipa::path(get, path = "/api/v1/articles/bookmarks", tag = "articles", params(("lang" = Option<String>, Query)),
    responses((status = 200, body = Vec<ArticleCard>), (status = 401, body = ErrorBody)))]
pub async fn bookmarks(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(lang): ApiQuery<LangQuery>,
) -> Result<Json<Vec<ArticleCard>>> {
    Ok(Json(articles::bookmarks(&state.db, &member.member_id, lang.lang()).await?))
}
