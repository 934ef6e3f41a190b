//! Endpoints for the shop's back office, behind the admin token (never a member session).
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;

use api::admin::{CompletedOrder, OrderCredited};
use api::prescriptions::{Decision, PrescriptionCard};
use axum::extract::Path;
use axum::http::StatusCode;

use crate::{earning, prescriptions};
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

/// Prescriptions awaiting a pharmacist, oldest first.
#[utoipa::path(get, path = "/api/v1/admin/prescriptions", tag = "admin",
    responses((status = 200, body = Vec<PrescriptionCard>), (status = 401, body = api::ErrorBody)))]
pub async fn review_queue(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<PrescriptionCard>>> {
    require_admin(&state, &headers)?;
    Ok(Json(prescriptions::review_queue(&state.db).await?))
}

/// A pharmacist approves or rejects (with a reason code and note) a prescription in review.
#[utoipa::path(post, path = "/api/v1/admin/prescriptions/{id}/decision", tag = "admin", params(("id" = String, Path)),
    request_body = Decision,
    responses((status = 204), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody),
        (status = 409, body = api::ErrorBody, description = "invalid_state")))]
pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<StatusCode> {
    require_admin(&state, &headers)?;
    prescriptions::decide(&state.db, &id, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}
