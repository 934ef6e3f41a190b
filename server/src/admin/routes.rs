//! Endpoints for the shop's systems, behind the machine credential (the admin token; never a
//! member or staff session): orders, members, staff accounts and hand-off codes.
use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use api::admin::{CompletedOrder, OrderCredited};
use axum::http::StatusCode;

use crate::http::error::{Error, Result};
use crate::http::extract::{Admin, ApiJson};
use crate::loyalty::earning;
use crate::AppState;

/// A one-time code that opens the portal signed in as the member with this phone number:
/// the mini-program's backend calls this after WeChat login and puts the code in the
/// web-view's URL (`?code=`). Single use, valid for 60 seconds.
#[utoipa::path(post, path = "/api/v1/admin/handoff-codes", tag = "admin", request_body = api::auth::HandoffRequest,
    responses((status = 200, body = api::auth::HandoffCode), (status = 400, body = api::ErrorBody),
        (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
pub async fn issue_handoff(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(req): ApiJson<api::auth::HandoffRequest>,
) -> Result<Json<api::auth::HandoffCode>> {
    let phone = crate::auth::parse_phone(&req.phone)?;
    let code = crate::auth::issue_handoff(&state, &phone).await?;
    Ok(Json(api::auth::HandoffCode { code, expires_in_secs: api::auth::HANDOFF_TTL_SECS as u32 }))
}

/// The platform registers a member (at sign-up in the shop or the mini-program), with the
/// invite code they came with if any. They sign in with an SMS code and are asked for consent
/// at their first login.
#[utoipa::path(post, path = "/api/v1/admin/members", tag = "admin", request_body = api::admin::NewMember,
    responses((status = 201, body = api::admin::MemberCreated), (status = 400, body = api::ErrorBody),
        (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody, description = "member_exists, referral_refused")))]
pub async fn create_member(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(req): ApiJson<api::admin::NewMember>,
) -> Result<(StatusCode, Json<api::admin::MemberCreated>)> {
    let phone = crate::auth::parse_phone(&req.phone)?;
    let mut tx = state.db.begin().await?;
    let id = crate::account::register(&mut tx, &state, &phone, &req.name, req.referral_code.as_deref()).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(api::admin::MemberCreated { id })))
}

/// A completed order: adds qualifying spend (tier) and points (birthday month doubles them).
/// Idempotent by `order_id`.
#[utoipa::path(post, path = "/api/v1/admin/orders", tag = "admin", request_body = CompletedOrder,
    responses((status = 200, body = OrderCredited), (status = 400, body = api::ErrorBody),
        (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
pub async fn complete_order(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(order): ApiJson<CompletedOrder>,
) -> Result<Json<OrderCredited>> {
    Ok(Json(earning::credit_order(&state, &order).await?))
}

/// The platform adds a staff account (pharmacist, member service or content editor); they
/// sign in to the console at `/staff` with their phone and an SMS code.
#[utoipa::path(post, path = "/api/v1/admin/staff", tag = "admin", request_body = api::staff::NewStaff,
    responses((status = 201, body = api::admin::MemberCreated), (status = 400, body = api::ErrorBody),
        (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody, description = "staff_exists")))]
pub async fn create_staff(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(req): ApiJson<api::staff::NewStaff>,
) -> Result<(StatusCode, Json<api::admin::MemberCreated>)> {
    let phone = crate::auth::parse_phone(&req.phone)?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(Error::bad_request(api::error::codes::BAD_REQUEST, "name: 1-40 characters"));
    }
    let id = crate::staff::create(&state.db, &phone, name, req.role).await?;
    Ok((StatusCode::CREATED, Json(api::admin::MemberCreated { id })))
}

/// The shop refunded or cancelled a completed order: its spend and points are taken back, and
/// a referral voucher it earned is withdrawn if not yet used. Idempotent by order id.
#[utoipa::path(post, path = "/api/v1/admin/orders/{order_id}/refund", tag = "admin", params(("order_id" = String, Path)),
    responses((status = 200, body = api::admin::OrderRefunded), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
pub async fn refund_order(
    State(state): State<AppState>,
    _admin: Admin,
    crate::http::extract::ApiPath(order_id): crate::http::extract::ApiPath<String>,
) -> Result<Json<api::admin::OrderRefunded>> {
    Ok(Json(earning::refund_order(&state, &order_id).await?))
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(issue_handoff))
        .routes(routes!(complete_order))
        .routes(routes!(refund_order))
        .routes(routes!(create_member))
        .routes(routes!(create_staff))
}
