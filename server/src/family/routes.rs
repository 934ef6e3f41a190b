//! Family care: dependants, caregiver invitations and grants, and the caregivers' access trail.
//! The schedule endpoints act for a dependant or a granting member with `X-Act-For: <id>`.
use api::family::{AcceptInvitation, CareAccess, CareInvitation, Family, NewDependant, NewInvitation, Person};
use api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extract::{ConsentedMember, CurrentMember};
use crate::http::error::{Error, Result};
use crate::http::extract::{ApiJson, ApiPath};
use crate::{family, AppState};

/// Dependants the member manages, people who made the member their caregiver, and the
/// member's own caregivers.
#[utoipa::path(get, path = "/api/v1/family", tag = "family",
    responses((status = 200, body = Family), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn overview(State(state): State<AppState>, ConsentedMember(member): ConsentedMember) -> Result<Json<Family>> {
    Ok(Json(family::family(&state.db, &member.member_id).await?))
}

/// Adds a dependant (a parent without a phone): their schedule and profile are then managed
/// with `X-Act-For: <id>`.
#[utoipa::path(post, path = "/api/v1/family/dependants", tag = "family", request_body = NewDependant,
    responses((status = 201, body = Person), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn add_dependant(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiJson(req): ApiJson<NewDependant>,
) -> Result<(StatusCode, Json<Person>)> {
    let name = req.validate().map_err(|m| Error::bad_request(api::error::codes::BAD_REQUEST, m))?;
    Ok((StatusCode::CREATED, Json(family::add_dependant(&state.db, &member.member_id, &name).await?)))
}

/// Removes a dependant and everything held for them.
#[utoipa::path(delete, path = "/api/v1/family/dependants/{id}", tag = "family", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn remove_dependant(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    family::remove_dependant(&state.db, &member.member_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A one-time code (24 h) that makes whoever enters it a caregiver of the member's schedule
/// (or a dependant's), read-only or with dose logging.
#[utoipa::path(post, path = "/api/v1/family/invitations", tag = "family", request_body = NewInvitation,
    responses((status = 201, body = CareInvitation), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn invite(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiJson(req): ApiJson<NewInvitation>,
) -> Result<(StatusCode, Json<CareInvitation>)> {
    let inv = family::invite(&state.db, &state.hash_key, &member.member_id, req.subject_id.as_deref(), req.permission)
        .await?;
    Ok((StatusCode::CREATED, Json(inv)))
}

/// Spends an invitation code: the member becomes a caregiver.
#[utoipa::path(post, path = "/api/v1/family/invitations/accept", tag = "family", request_body = AcceptInvitation,
    responses((status = 200, body = Person), (status = 400, body = ErrorBody, description = "invalid_invitation"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn accept(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiJson(req): ApiJson<AcceptInvitation>,
) -> Result<Json<Person>> {
    Ok(Json(family::accept(&state.db, &state.hash_key, &member.member_id, &req.code).await?))
}

/// Ends a caregiver's access at once (either side may).
#[utoipa::path(delete, path = "/api/v1/family/grants/{id}", tag = "family", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    family::revoke(&state.db, &member.member_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every access a caregiver made through a grant, for the person whose schedule it is.
#[utoipa::path(get, path = "/api/v1/family/grants/{id}/access", tag = "family", params(("id" = String, Path)),
    responses((status = 200, body = Vec<CareAccess>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn access(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<CareAccess>>> {
    Ok(Json(family::access_log(&state.db, &member.member_id, &id).await?))
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(add_dependant))
        .routes(routes!(remove_dependant))
        .routes(routes!(invite))
        .routes(routes!(accept))
        .routes(routes!(revoke))
        .routes(routes!(access))
}
