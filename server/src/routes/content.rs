//! Lists behind the schedule, prescriptions and articles screens.
use api::articles::ArticleCard;
use api::ErrorBody;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use crate::error::Result;
use crate::extract::{ApiQuery, CurrentMember};
use crate::{data, AppState};

/// `?lang=en|zh-CN`
#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

impl LangQuery {
    pub fn lang(&self) -> &str {
        self.lang.as_deref().unwrap_or("zh-CN")
    }
}

/// Published articles, newest first.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles",
    params(("lang" = Option<String>, Query, description = "zh-CN (default) or en")),
    responses((status = 200, body = Vec<ArticleCard>), (status = 401, body = ErrorBody)))]
pub async fn articles(
    State(state): State<AppState>,
    _member: CurrentMember,
    ApiQuery(q): ApiQuery<LangQuery>,
) -> Result<Json<Vec<ArticleCard>>> {
    Ok(Json(data::articles(&state.db, q.lang(), 50).await?))
}
