//! Surveys: the one to show now, answers and dismissals.
use api::surveys::{Answer, Answered, Invitation, Moment};
use api::ErrorBody;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::auth::extract::CurrentMember;
use crate::http::error::Result;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::{content::surveys, AppState};

/// `?moment=&lang=`
#[derive(Debug, Deserialize)]
pub struct NextParams {
    pub moment: Moment,
    pub lang: Option<String>,
}

/// The survey to put to the member after `moment`, if they are due one (204 if not). Once
/// returned it counts as shown, whether answered or dismissed.
#[utoipa::path(get, path = "/api/v1/surveys/next", tag = "surveys",
    params(("moment" = Moment, Query), ("lang" = Option<String>, Query)),
    responses((status = 200, body = Invitation), (status = 204, description = "nothing to ask now"),
        (status = 401, body = ErrorBody)))]
pub async fn next(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiQuery(p): ApiQuery<NextParams>,
) -> Result<Response> {
    let lang = p.lang.as_deref().unwrap_or("zh-CN");
    Ok(match surveys::next(&state.db, &member.member_id, p.moment, lang).await? {
        Some(invitation) => Json(invitation).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// Answers an invitation. Stored once: a repeat returns the first answer and credits no
/// more points.
#[utoipa::path(post, path = "/api/v1/surveys/invitations/{id}/response", tag = "surveys", params(("id" = String, Path)),
    request_body = Answer,
    responses((status = 200, body = Answered), (status = 400, body = ErrorBody, description = "invalid_answer"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(answer): ApiJson<Answer>,
) -> Result<Json<Answered>> {
    Ok(Json(surveys::answer(&state.db, &member.member_id, &id, &answer).await?))
}

/// The member closed the survey without answering.
#[utoipa::path(post, path = "/api/v1/surveys/invitations/{id}/dismiss", tag = "surveys", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn dismiss(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    surveys::dismiss(&state.db, &member.member_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
