//! Medication schedules, the dose log and the calendar feed.
use api::schedule::expand::local_date;
use api::schedule::{DoseLog, DoseLogInput, FeedLink, Medication, MedicationSpec, ScheduleView};
use api::ErrorBody;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extract::{ConsentedMember, CurrentMember};
use crate::family::extract::ScheduleSubject;
use crate::family::Action;
use crate::http::error::{Error, Result};
use crate::http::extract::LangQuery;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::store::now;
use crate::{schedule, schedule::feeds, schedule::ics, AppState};

/// Medications, a fortnight of doses with their logs, reminders, adherence and anomalies:
/// what the schedule screens show and what the portal keeps for offline use.
#[utoipa::path(get, path = "/api/v1/schedule", tag = "schedule",
    responses((status = 200, body = ScheduleView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn view(State(state): State<AppState>, ScheduleSubject(who): ScheduleSubject) -> Result<Json<ScheduleView>> {
    who.allow(&state.db, Action::View).await?;
    let mut view = schedule::view(&state.db, state.at_rest(), &who.member_id, now()).await?;
    if matches!(who.access, crate::family::Access::Caregiver { .. }) {
        // A caregiver is granted the schedule, not the health profile: warnings drawn from
        // the profile (allergies, pregnancy, age) would disclose it.
        use api::safety::WarningKind;
        view.warnings.retain(|w| matches!(w.kind, WarningKind::Interaction | WarningKind::Duplicate));
    }
    Ok(Json(view))
}

async fn today(state: &AppState, member_id: &str) -> Result<jiff::civil::Date> {
    let (_, tz) = schedule::home_zone(&state.db, member_id).await?;
    Ok(local_date(&tz, now()))
}

/// The member's current medications.
#[utoipa::path(get, path = "/api/v1/medications", tag = "schedule",
    responses((status = 200, body = Vec<Medication>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn list(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
) -> Result<Json<Vec<Medication>>> {
    who.allow(&state.db, Action::View).await?;
    let today = today(&state, &who.member_id).await?;
    Ok(Json(schedule::medications(&state.db, &who.member_id, today).await?))
}

/// One medication.
#[utoipa::path(get, path = "/api/v1/medications/{id}", tag = "schedule", params(("id" = String, Path)),
    responses((status = 200, body = Medication), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn get_one(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Medication>> {
    who.allow(&state.db, Action::View).await?;
    let today = today(&state, &who.member_id).await?;
    Ok(Json(schedule::medication(&state.db, &who.member_id, &id, today).await?))
}

/// Adds a medication (from the member's form, or from an approved prescription via
/// `prescription_id`).
#[utoipa::path(post, path = "/api/v1/medications", tag = "schedule", request_body = MedicationSpec,
    responses((status = 201, body = Medication), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "invalid_medication: the message names the field"), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn create(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
    ApiJson(spec): ApiJson<MedicationSpec>,
) -> Result<impl IntoResponse> {
    who.allow(&state.db, Action::Edit).await?;
    let id = schedule::create(&state.db, &who.member_id, spec).await?;
    let today = today(&state, &who.member_id).await?;
    Ok((StatusCode::CREATED, Json(schedule::medication(&state.db, &who.member_id, &id, today).await?)))
}

/// Replaces a medication's details.
#[utoipa::path(put, path = "/api/v1/medications/{id}", tag = "schedule", params(("id" = String, Path)), request_body = MedicationSpec,
    responses((status = 200, body = Medication), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn update(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
    ApiPath(id): ApiPath<String>,
    ApiJson(spec): ApiJson<MedicationSpec>,
) -> Result<Json<Medication>> {
    who.allow(&state.db, Action::Edit).await?;
    schedule::update(&state.db, &who.member_id, &id, spec).await?;
    let today = today(&state, &who.member_id).await?;
    Ok(Json(schedule::medication(&state.db, &who.member_id, &id, today).await?))
}

/// Takes a medication off the schedule (its dose history is kept).
#[utoipa::path(delete, path = "/api/v1/medications/{id}", tag = "schedule", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn delete(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    who.allow(&state.db, Action::Edit).await?;
    schedule::delete(&state.db, &who.member_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Logs a dose as taken or skipped. Idempotent by the device-generated `id`: a replay
/// answers 200 with the stored log, a new log 201.
#[utoipa::path(post, path = "/api/v1/doses", tag = "schedule", request_body = DoseLogInput,
    responses((status = 201, body = DoseLog), (status = 200, body = DoseLog, description = "replay of an earlier log"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "dose_conflict: that dose was already logged differently"),
        (status = 422, body = ErrorBody, description = "not_scheduled, invalid_dose or idempotency_key_reused"), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn log_dose(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
    ApiJson(input): ApiJson<DoseLogInput>,
) -> Result<impl IntoResponse> {
    who.allow(&state.db, Action::LogDose).await?;
    let (log, how) = schedule::log_dose(&state.db, &who.member_id, input).await?;
    let status = if how == schedule::Logged::Created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(log)))
}

/// Undoes a dose log. Idempotent.
#[utoipa::path(delete, path = "/api/v1/doses/{id}", tag = "schedule", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required; forbidden: a caregiver's grant does not allow this")))]
pub async fn undo(
    State(state): State<AppState>,
    ScheduleSubject(who): ScheduleSubject,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    who.allow(&state.db, Action::UndoDose).await?;
    schedule::undo(&state.db, &who.member_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn calendar_for(state: &AppState, member_id: &str, lang: &LangQuery) -> Result<impl IntoResponse> {
    let (zone_name, tz) = schedule::home_zone(&state.db, member_id).await?;
    let t = now();
    let meds = schedule::medications(&state.db, member_id, local_date(&tz, t)).await?;
    let title = if lang.lang() == "en" { "Medication reminders" } else { "用药提醒" };
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"schedule.ics\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        ics::calendar(&zone_name, &tz, &meds, t, title),
    ))
}

/// The schedule as an iCalendar file with an alarm at each dose, for the phone's calendar.
#[utoipa::path(get, path = "/api/v1/schedule.ics", tag = "schedule",
    params(("lang" = Option<String>, Query, description = "zh-CN (default) or en, for the calendar's name")),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn calendar(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiQuery(lang): ApiQuery<LangQuery>,
) -> Result<impl IntoResponse> {
    calendar_for(&state, &member.member_id, &lang).await
}

/// Issues a new subscription link (the previous one stops working). Shown once: only its
/// hash is kept.
#[utoipa::path(post, path = "/api/v1/schedule/feed", tag = "schedule",
    responses((status = 201, body = FeedLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn create_feed(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
) -> Result<impl IntoResponse> {
    Ok((StatusCode::CREATED, Json(FeedLink { path: feeds::rotate(&state.db, &member.member_id).await? })))
}

/// Stops the subscription link.
#[utoipa::path(delete, path = "/api/v1/schedule/feed", tag = "schedule",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn delete_feed(State(state): State<AppState>, member: CurrentMember) -> Result<StatusCode> {
    feeds::revoke(&state.db, &member.member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The calendar behind a subscription link (no cookie: calendars poll it on their own).
#[utoipa::path(get, path = "/api/v1/feeds/{token}/schedule.ics", tag = "schedule", params(("token" = String, Path)),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 403, body = ErrorBody, description = "consent_required"), (status = 404, body = ErrorBody)))]
pub async fn feed_calendar(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiQuery(lang): ApiQuery<LangQuery>,
) -> Result<impl IntoResponse> {
    let member_id = feeds::member_for(&state.db, &token).await?.ok_or(Error::NotFound("calendar"))?;
    calendar_for(&state, &member_id, &lang).await
}

/// The member's home time zone.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TimeZoneBody {
    /// IANA name, e.g. "Asia/Shanghai".
    pub time_zone: String,
}

/// Moves the member's home time zone; doses keep their wall-clock times there.
#[utoipa::path(put, path = "/api/v1/me/time-zone", tag = "schedule", request_body = TimeZoneBody,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn set_time_zone(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiJson(body): ApiJson<TimeZoneBody>,
) -> Result<StatusCode> {
    schedule::set_home_zone(&state.db, &member.member_id, body.time_zone.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_time_zone))
        .routes(routes!(view))
        .routes(routes!(calendar))
        .routes(routes!(create_feed, delete_feed))
        .routes(routes!(feed_calendar))
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(log_dose))
        .routes(routes!(undo))
}
