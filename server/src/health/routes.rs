//! Health profile, medicine search, safety checks and "ask a pharmacist".
use api::health::{Consultation, ConsultationRequest, DrugInfo, HealthProfileInput, HealthProfileView};
use api::safety::SafetyWarning;
use api::ErrorBody;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extract::{ConsentedMember, CurrentMember};
use crate::family::extract::ScheduleSubject;
use crate::family::Action;
use crate::http::error::{Error, Result};
use crate::http::extract::{idempotency_key, ApiJson, ApiQuery};
use crate::{health, AppState};

/// The member's health profile (empty, with no consent time, when none is held).
#[utoipa::path(get, path = "/api/v1/me/health", tag = "health",
    responses((status = 200, body = HealthProfileView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn profile(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
) -> Result<Json<HealthProfileView>> {
    // Caregivers see schedules, never the profile: the member's own or their dependant's only.
    who.allow(&state.db, Action::Edit).await?;
    Ok(Json(health::view(&state.db, state.at_rest(), &who.member_id).await?))
}

/// Saves the profile. `consent` must be true: the member agrees to the stated purpose.
#[utoipa::path(put, path = "/api/v1/me/health", tag = "health", request_body = HealthProfileInput,
    responses((status = 200, body = HealthProfileView), (status = 400, body = ErrorBody, description = "invalid_profile"),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody, description = "consent_required"), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn save_profile(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
    ApiJson(input): ApiJson<HealthProfileInput>,
) -> Result<Json<HealthProfileView>> {
    who.allow(&state.db, Action::Edit).await?;
    Ok(Json(health::save(&state.db, state.at_rest(), &who.member_id, input).await?))
}

/// Deletes the profile and its consent record.
#[utoipa::path(delete, path = "/api/v1/me/health", tag = "health",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn delete_profile(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
) -> Result<StatusCode> {
    who.allow(&state.db, Action::Edit).await?;
    health::delete(&state.db, &who.member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DrugQuery {
    /// Name, brand, English name or pinyin initials.
    #[serde(default)]
    q: String,
    /// Results, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u8>,
}

/// Searches the drug dictionary. Public facts, but behind a session like the rest of the portal.
#[utoipa::path(get, path = "/api/v1/drugs", tag = "health", params(DrugQuery),
    responses((status = 200, body = Vec<DrugInfo>), (status = 400, body = ErrorBody, description = "limit out of range"),
        (status = 401, body = ErrorBody)))]
pub async fn drugs(_member: CurrentMember, ApiQuery(query): ApiQuery<DrugQuery>) -> Result<Json<Vec<DrugInfo>>> {
    let limit = query.limit.unwrap_or(20);
    if !(1..=50).contains(&limit) {
        return Err(Error::bad_request(api::error::codes::BAD_REQUEST, "limit must be 1–50"));
    }
    Ok(Json(api::drugs::search(&query.q, limit.into()).into_iter().map(DrugInfo::from_drug).collect()))
}

/// `POST /api/v1/safety/check` body.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CheckRequest {
    /// Medicines about to be added (names as the member or a prescription gives them).
    pub medicines: Vec<String>,
}

/// What adding these medicines would raise against the schedule and the health profile.
/// Advice only: nothing is refused.
#[utoipa::path(post, path = "/api/v1/safety/check", tag = "health", request_body = CheckRequest,
    responses((status = 200, body = Vec<SafetyWarning>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn check(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
    ApiJson(req): ApiJson<CheckRequest>,
) -> Result<Json<Vec<SafetyWarning>>> {
    who.allow(&state.db, Action::Edit).await?;
    if req.medicines.len() > 20 {
        return Err(crate::http::error::Error::bad_request(api::error::codes::BAD_REQUEST, "at most 20 medicines"));
    }
    Ok(Json(health::check(&state.db, state.at_rest(), &who.member_id, &req.medicines).await?))
}

/// Asks a pharmacist. Needs an `Idempotency-Key`: a retry returns the question already sent.
#[utoipa::path(post, path = "/api/v1/consultations", tag = "health", request_body = ConsultationRequest,
    params(("Idempotency-Key" = String, Header)),
    responses((status = 201, body = Consultation), (status = 200, body = Consultation, description = "a retry"),
        (status = 400, body = ErrorBody, description = "invalid_consultation, idempotency_key_missing"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn ask(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    headers: HeaderMap,
    ApiJson(req): ApiJson<ConsultationRequest>,
) -> Result<(StatusCode, Json<Consultation>)> {
    let key = idempotency_key(&headers)?;
    let (c, created) = health::ask(&state.db, state.at_rest(), &member.member_id, key, req).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(c)))
}

/// The member's consultations with the pharmacists' replies, newest first.
#[utoipa::path(get, path = "/api/v1/consultations", tag = "health",
    responses((status = 200, body = Vec<Consultation>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn mine(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
) -> Result<Json<Vec<Consultation>>> {
    Ok(Json(health::mine(&state.db, state.at_rest(), &member.member_id).await?))
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(profile, save_profile, delete_profile))
        .routes(routes!(drugs))
        .routes(routes!(check))
        .routes(routes!(mine, ask))
}
