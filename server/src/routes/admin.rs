//! Endpoints for the shop's back office, behind the admin token (never a member session).
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;

use api::admin::{CompletedOrder, OrderCredited};

use crate::earning;
use crate::error::{Error, Result};
use crate::extract::ApiJson;
use crate::AppState;

fn require_admin(state: &AppState, headers: &HeaderMap) -> Result<()> {
    let given = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match (state.config.admin_token(), given) {
        (Some(expected), Some(given)) if constant_time_eq(expected.as_bytes(), given.as_bytes()) => Ok(()),
        _ => Err(Error::Unauthorized),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A completed order: adds qualifying spend (tier) and points (birthday month doubles them).
/// Idempotent by `order_id`.
#[utoipa::path(post, path = "/api/v1/admin/orders", tag = "admin", request_body = CompletedOrder,
    responses((status = 200, body = OrderCredited), (status = 400, body = api::ErrorBody),
        (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
pub async fn complete_order(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(order): ApiJson<CompletedOrder>,
) -> Result<Json<OrderCredited>> {
    require_admin(&state, &headers)?;
    Ok(Json(earning::credit_order(&state, &order).await?))
}
