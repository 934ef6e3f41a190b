//! Points: summary, paginated ledger and the published rules.
use api::points::{LedgerFilter, LedgerPage, PointsRules, PointsSummary};
use api::tier::Tier;
use api::ErrorBody;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use crate::auth::extract::CurrentMember;
use crate::http::error::Result;
use crate::http::extract::ApiQuery;
use crate::loyalty::{data, earning};
use crate::store::now;
use crate::AppState;

/// Balance and what expires soon (the history is `/points/ledger`).
#[utoipa::path(get, path = "/api/v1/points", tag = "points",
    responses((status = 200, body = PointsSummary), (status = 401, body = ErrorBody)))]
pub async fn summary(State(state): State<AppState>, member: CurrentMember) -> Result<Json<PointsSummary>> {
    let ledger = data::ledger(&state.db, &member.member_id).await?;
    let (balance, expiring) = api::points::standing(&ledger, now(), data::EXPIRING_WINDOW_SECS);
    Ok(Json(PointsSummary { balance, expiring }))
}

/// `?filter=all|earned|spent|expired&cursor=…&limit=…`
#[derive(Debug, Deserialize)]
pub struct LedgerQuery {
    #[serde(default)]
    pub filter: LedgerFilter,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// The ledger, newest first, a page at a time (cursor pagination: stable while entries are added).
#[utoipa::path(get, path = "/api/v1/points/ledger", tag = "points",
    params(("filter" = Option<LedgerFilter>, Query),
        ("cursor" = Option<String>, Query, description = "next_cursor of the page before; absent or empty: the first page"),
        ("limit" = Option<i64>, Query, description = "entries per page, clamped to 1–100")),
    responses((status = 200, body = LedgerPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn ledger(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(q): ApiQuery<LedgerQuery>,
) -> Result<Json<LedgerPage>> {
    let limit = q.limit.unwrap_or(data::LEDGER_PAGE);
    let cursor = q.cursor.as_deref().filter(|c| !c.is_empty());
    Ok(Json(data::ledger_page(&state.db, &member.member_id, q.filter, cursor, limit).await?))
}

/// How points are earned, spent and expire.
#[utoipa::path(get, path = "/api/v1/points/rules", tag = "points", responses((status = 200, body = PointsRules)))]
pub async fn rules() -> Json<PointsRules> {
    Json(earning::RULES)
}

/// Every tier with its benefits (for the comparison table).
#[utoipa::path(get, path = "/api/v1/tiers", tag = "tier",
    responses((status = 200, body = Vec<Tier>), (status = 401, body = ErrorBody)))]
pub async fn tiers(State(state): State<AppState>, _member: CurrentMember) -> Result<Json<Vec<Tier>>> {
    Ok(Json(data::tiers(&state.db).await?))
}
