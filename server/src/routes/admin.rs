//! Endpoints for the shop's back office, behind the admin token (never a member session).
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;

use api::admin::{CompletedOrder, OrderCredited};
use api::prescriptions::{Decision, PrescriptionCard};
use axum::http::StatusCode;

use crate::audit::{self, Actor};
use crate::error::{Error, Result};
use crate::extract::{ApiJson, ApiPath};
use crate::AppState;
use crate::{earning, prescriptions};

/// The back office's credential (the admin bearer token). An extractor, so it is checked
/// before the body is read: a caller without it learns nothing, not even what the body lacks.
pub struct Admin;

impl axum::extract::FromRequestParts<AppState> for Admin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &AppState) -> Result<Self> {
        require_admin(state, &parts.headers).map(|()| Admin)
    }
}

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
    let phone = super::auth::parse_phone(&req.phone)?;
    let code = crate::auth::issue_handoff(&state, &phone).await?;
    Ok(Json(api::auth::HandoffCode { code, expires_in_secs: api::auth::HANDOFF_TTL_SECS as u32 }))
}

/// The platform registers a member (at sign-up in the shop or the mini-program). They sign
/// in with an SMS code and are asked for consent at their first login.
#[utoipa::path(post, path = "/api/v1/admin/members", tag = "admin", request_body = api::admin::NewMember,
    responses((status = 201, body = api::admin::MemberCreated), (status = 400, body = api::ErrorBody),
        (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody, description = "member_exists")))]
pub async fn create_member(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(req): ApiJson<api::admin::NewMember>,
) -> Result<(StatusCode, Json<api::admin::MemberCreated>)> {
    let phone = super::auth::parse_phone(&req.phone)?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(Error::bad_request(api::error::codes::BAD_REQUEST, "name: 1-40 characters"));
    }
    let id = crate::store::new_id();
    let inserted = sqlx::query(
        "INSERT INTO members (id, phone, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (phone) DO NOTHING",
    )
    .bind(&id)
    .bind(phone.as_str())
    .bind(name)
    .bind(crate::store::now())
    .execute(&state.db)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(Error::Conflict {
            code: api::error::codes::MEMBER_EXISTS,
            message: "a member with this phone number exists".into(),
        });
    }
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

/// Prescriptions awaiting a pharmacist, oldest first.
#[utoipa::path(get, path = "/api/v1/admin/prescriptions", tag = "admin",
    responses((status = 200, body = Vec<PrescriptionCard>), (status = 401, body = api::ErrorBody)))]
pub async fn review_queue(State(state): State<AppState>, _admin: Admin) -> Result<Json<Vec<PrescriptionCard>>> {
    let queue = prescriptions::review_queue(&state.db).await?;
    for card in &queue {
        audit::record(&state.db, &card.id, Actor::Admin, "review_queue").await?;
    }
    Ok(Json(queue))
}

/// Who read or decided a prescription, and when (the PIPL access trail), oldest first.
#[utoipa::path(get, path = "/api/v1/admin/prescriptions/{id}/access-log", tag = "admin", params(("id" = String, Path)),
    responses((status = 200, body = Vec<api::admin::AccessRecord>), (status = 401, body = api::ErrorBody)))]
pub async fn access_log(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<api::admin::AccessRecord>>> {
    Ok(Json(audit::trail(&state.db, &id).await?))
}

/// A pharmacist approves or rejects (with a reason code and note) a prescription in review.
#[utoipa::path(post, path = "/api/v1/admin/prescriptions/{id}/decision", tag = "admin", params(("id" = String, Path)),
    request_body = Decision,
    responses((status = 204), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody),
        (status = 409, body = api::ErrorBody, description = "invalid_state")))]
pub async fn decide(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(id): ApiPath<String>,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<StatusCode> {
    prescriptions::decide(&state.db, &id, &decision, Actor::Admin).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?months=` (default 12)
#[derive(Debug, serde::Deserialize)]
pub struct ReportParams {
    pub months: Option<i64>,
}

/// A survey's score (NPS: % promoters 9–10 minus % detractors 0–6; ratings: the mean),
/// response count and monthly trend.
#[utoipa::path(get, path = "/api/v1/admin/surveys/{id}/report", tag = "admin",
    params(("id" = String, Path), ("months" = Option<i64>, Query, description = "1–36, default 12")),
    responses((status = 200, body = api::surveys::Report), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
pub async fn survey_report(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(id): ApiPath<String>,
    crate::extract::ApiQuery(p): crate::extract::ApiQuery<ReportParams>,
) -> Result<Json<api::surveys::Report>> {
    Ok(Json(crate::surveys::report(&state.db, &id, p.months.unwrap_or(12)).await?))
}

/// Feedback awaiting a reply, the most overdue first.
#[utoipa::path(get, path = "/api/v1/admin/feedback", tag = "admin",
    responses((status = 200, body = Vec<api::feedback::Feedback>), (status = 401, body = api::ErrorBody)))]
pub async fn feedback_queue(
    State(state): State<AppState>,
    _admin: Admin,
) -> Result<Json<Vec<api::feedback::Feedback>>> {
    Ok(Json(crate::feedback::queue(&state.db).await?))
}

/// The service team replies to feedback (and may mark it resolved).
#[utoipa::path(post, path = "/api/v1/admin/feedback/{id}/replies", tag = "admin", params(("id" = String, Path)),
    request_body = api::feedback::ReplyRequest,
    responses((status = 204), (status = 400, body = api::ErrorBody), (status = 401, body = api::ErrorBody),
        (status = 404, body = api::ErrorBody)))]
pub async fn reply_feedback(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(id): ApiPath<String>,
    ApiJson(reply): ApiJson<api::feedback::ReplyRequest>,
) -> Result<StatusCode> {
    crate::feedback::reply(&state.db, &id, &reply).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A pharmacist publishes an article, or corrects a published one (`lang` in the body picks
/// the language version). Live at once.
#[utoipa::path(put, path = "/api/v1/admin/articles/{slug}", tag = "admin", params(("slug" = String, Path)),
    request_body = api::articles::ArticleInput,
    responses((status = 204), (status = 400, body = api::ErrorBody), (status = 401, body = api::ErrorBody)))]
pub async fn publish_article(
    State(state): State<AppState>,
    _admin: Admin,
    ApiPath(slug): ApiPath<String>,
    ApiJson(article): ApiJson<api::articles::ArticleInput>,
) -> Result<StatusCode> {
    crate::articles::publish(&state.db, &slug, &article, crate::store::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
