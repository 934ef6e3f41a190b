//! The staff console's endpoints (`/staff/*`): each takes the extractor of the role whose
//! work it is, and every read of member data and every answer goes to an access trail with
//! the staff member's id.
use api::health::{Consultation, ConsultationReply};
use api::prescriptions::Decision;
use api::staff::{Claimed, QueueItem, ReviewDay, StaffLogin, StaffProfile, StaffReply, StaffSession};
use api::ErrorBody;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::error::Result;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, ClientIp};
use crate::staff::extract::{AnyStaff, Editor, Pharmacist, ServiceAgent};
use crate::staff::{self, STAFF_COOKIE, STAFF_SESSION_TTL_SECS};
use crate::store::audit::{self, Actor};
use crate::{auth, prescriptions, AppState};

fn staff_cookie(state: &AppState, token: Option<&str>) -> String {
    auth::cookie(state, STAFF_COOKIE, "/api/v1/staff", token, STAFF_SESSION_TTL_SECS)
}

/// Signs a staff member in with their phone and an SMS code from `/auth/code` (rate-limited
/// like members' login).
#[utoipa::path(post, path = "/api/v1/staff/auth/login", tag = "staff", request_body = StaffLogin,
    responses((status = 200, body = StaffSession), (status = 400, body = ErrorBody, description = "invalid_phone, invalid_code"),
        (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<StaffLogin>,
) -> Result<impl IntoResponse> {
    let phone = crate::auth::parse_phone(&req.phone)?;
    let (token, expires_at, staff) = staff::login(&state, ip, &phone, req.code.trim()).await?;
    let cookie = staff_cookie(&state, Some(&token));
    Ok(([(header::SET_COOKIE, cookie)], Json(StaffSession { token, expires_at, staff })))
}

/// Ends the console session and clears its cookie.
#[utoipa::path(post, path = "/api/v1/staff/auth/logout", tag = "staff",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, AnyStaff(staff): AnyStaff) -> Result<impl IntoResponse> {
    staff::logout(&state.db, &staff).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, staff_cookie(&state, None))]))
}

/// Who is signed in to the console.
#[utoipa::path(get, path = "/api/v1/staff/me", tag = "staff",
    responses((status = 200, body = StaffProfile), (status = 401, body = ErrorBody)))]
pub async fn me(AnyStaff(staff): AnyStaff) -> Json<StaffProfile> {
    Json(staff.profile)
}

/// Prescriptions awaiting a pharmacist, the longest waiting first. Polling it keeps the
/// pharmacist on duty (dev mode's automatic review then stands aside).
#[utoipa::path(get, path = "/api/v1/staff/prescriptions", tag = "staff",
    responses((status = 200, body = Vec<QueueItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn queue(State(state): State<AppState>, Pharmacist(staff): Pharmacist) -> Result<Json<Vec<QueueItem>>> {
    staff::seen(&state.db, &staff).await?;
    let queue = staff::queue(&state.db, &staff).await?;
    for item in &queue {
        audit::record_once(&state.db, &item.card.id, Actor::Staff(staff.id()), "review_queue").await?;
    }
    Ok(Json(queue))
}

/// Opens a prescription for review: takes (or renews) the caller's claim and returns the
/// recognised fields, doubts and safety warnings. 409 `claimed` while another pharmacist
/// holds it.
#[utoipa::path(post, path = "/api/v1/staff/prescriptions/{id}/claim", tag = "staff", params(("id" = String, Path)),
    responses((status = 200, body = Claimed), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "claimed, invalid_state")))]
pub async fn claim(
    State(state): State<AppState>,
    Pharmacist(staff): Pharmacist,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Claimed>> {
    let lease_expires_at = staff::claim(&state.db, &id, &staff).await?;
    let owner = prescriptions::owner(&state.db, &id).await?;
    let prescription = prescriptions::detail(&state.db, state.at_rest(), &owner, &id).await?;
    let submitted_at: Option<i64> = sqlx::query_scalar("SELECT submitted_at FROM prescriptions WHERE id = $1")
        .bind(&id)
        .fetch_one(&state.db)
        .await?;
    audit::record(&state.db, &id, Actor::Staff(staff.id()), "view").await?;
    Ok(Json(Claimed { prescription, submitted_at, lease_expires_at }))
}

/// Gives the prescription back to the queue (another pharmacist may open it at once).
#[utoipa::path(delete, path = "/api/v1/staff/prescriptions/{id}/claim", tag = "staff", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn release(
    State(state): State<AppState>,
    Pharmacist(staff): Pharmacist,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode> {
    staff::release(&state.db, &id, &staff).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A page image of a prescription in the queue.
#[utoipa::path(get, path = "/api/v1/staff/prescriptions/{id}/pages/{n}", tag = "staff",
    params(("id" = String, Path), ("n" = u32, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn page(
    State(state): State<AppState>,
    Pharmacist(staff): Pharmacist,
    ApiPath((id, n)): ApiPath<(String, u32)>,
) -> Result<impl IntoResponse> {
    let owner = prescriptions::owner(&state.db, &id).await?;
    let file = prescriptions::page_file(&state.db, &owner, &id, n).await?;
    let bytes = state.uploads.read(&file).await?;
    audit::record(&state.db, &id, Actor::Staff(staff.id()), "page").await?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], bytes))
}

/// Approves, or rejects with a reason code and note. The caller must hold (or be able to take)
/// the claim: two pharmacists never decide the same prescription.
#[utoipa::path(post, path = "/api/v1/staff/prescriptions/{id}/decision", tag = "staff", params(("id" = String, Path)),
    request_body = Decision,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "claimed, invalid_state")))]
pub async fn decide(
    State(state): State<AppState>,
    Pharmacist(staff): Pharmacist,
    ApiPath(id): ApiPath<String>,
    ApiJson(decision): ApiJson<Decision>,
) -> Result<StatusCode> {
    staff::claim(&state.db, &id, &staff).await?;
    prescriptions::decide(&state.db, &id, &decision, Actor::Staff(staff.id())).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who read or decided a prescription, and when (the PIPL access trail), oldest first.
#[utoipa::path(get, path = "/api/v1/staff/prescriptions/{id}/access-log", tag = "staff", params(("id" = String, Path)),
    responses((status = 200, body = Vec<api::admin::AccessRecord>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn access_log(
    State(state): State<AppState>,
    Pharmacist(_staff): Pharmacist,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<api::admin::AccessRecord>>> {
    Ok(Json(audit::trail(&state.db, &id).await?))
}

/// Questions awaiting a pharmacist, the most overdue first.
#[utoipa::path(get, path = "/api/v1/staff/consultations", tag = "staff",
    responses((status = 200, body = Vec<Consultation>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn consultations(
    State(state): State<AppState>,
    Pharmacist(staff): Pharmacist,
) -> Result<Json<Vec<Consultation>>> {
    let queue = crate::health::queue(&state.db, state.at_rest()).await?;
    for c in &queue {
        staff::record(&state.db, &staff, "consultation_queue", &c.id).await?;
    }
    Ok(Json(queue))
}

/// A pharmacist's reply; the member sees it under "Ask a pharmacist".
#[utoipa::path(post, path = "/api/v1/staff/consultations/{id}/reply", tag = "staff", params(("id" = String, Path)),
    request_body = ConsultationReply,
    responses((status = 200, body = Consultation), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "already answered")))]
pub async fn reply_consultation(
    State(state): State<AppState>,
    Pharmacist(staff): Pharmacist,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ConsultationReply>,
) -> Result<Json<Consultation>> {
    let answered = crate::health::reply(&state.db, state.at_rest(), &id, &body.reply).await?;
    staff::record(&state.db, &staff, "consultation_reply", &id).await?;
    Ok(Json(answered))
}

/// Feedback awaiting a reply, the most overdue first.
#[utoipa::path(get, path = "/api/v1/staff/feedback", tag = "staff",
    responses((status = 200, body = Vec<api::feedback::Feedback>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn feedback(
    State(state): State<AppState>,
    ServiceAgent(staff): ServiceAgent,
) -> Result<Json<Vec<api::feedback::Feedback>>> {
    let queue = crate::content::feedback::queue(&state.db).await?;
    for f in &queue {
        staff::record(&state.db, &staff, "feedback_queue", &f.id).await?;
    }
    Ok(Json(queue))
}

/// The photo a member attached to their feedback.
#[utoipa::path(get, path = "/api/v1/staff/feedback/{id}/photo", tag = "staff", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn feedback_photo(
    State(state): State<AppState>,
    ServiceAgent(staff): ServiceAgent,
    ApiPath(id): ApiPath<String>,
) -> Result<impl IntoResponse> {
    let file = crate::content::feedback::any_photo_file(&state.db, &id).await?;
    let bytes = state.uploads.read(&file).await?;
    staff::record(&state.db, &staff, "feedback_photo", &id).await?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], bytes))
}

/// Member service replies to feedback (and may mark it resolved), signed with their name.
#[utoipa::path(post, path = "/api/v1/staff/feedback/{id}/replies", tag = "staff", params(("id" = String, Path)),
    request_body = StaffReply,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn reply_feedback(
    State(state): State<AppState>,
    ServiceAgent(staff): ServiceAgent,
    ApiPath(id): ApiPath<String>,
    ApiJson(reply): ApiJson<StaffReply>,
) -> Result<StatusCode> {
    let reply =
        api::feedback::ReplyRequest { author: staff.profile.name.clone(), text: reply.text, resolve: reply.resolve };
    crate::content::feedback::reply(&state.db, &id, &reply).await?;
    staff::record(&state.db, &staff, if reply.resolve { "feedback_resolve" } else { "feedback_reply" }, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publishes an article, or corrects a published one (`lang` in the body picks the language
/// version). Live at once.
#[utoipa::path(put, path = "/api/v1/staff/articles/{slug}", tag = "staff", params(("slug" = String, Path)),
    request_body = api::articles::ArticleInput,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn publish_article(
    State(state): State<AppState>,
    Editor(_staff): Editor,
    ApiPath(slug): ApiPath<String>,
    ApiJson(article): ApiJson<api::articles::ArticleInput>,
) -> Result<StatusCode> {
    crate::content::articles::publish(&state.db, &slug, &article, crate::store::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?lang=` of an article version (default `zh-CN`).
#[derive(Debug, serde::Deserialize)]
pub struct LangParam {
    pub lang: Option<String>,
}

fn article_lang(p: &LangParam) -> &str {
    p.lang.as_deref().unwrap_or("zh-CN")
}

/// Every article version, the newest first, offline ones included.
#[utoipa::path(get, path = "/api/v1/staff/articles", tag = "staff",
    responses((status = 200, body = Vec<api::staff::ArticleVersion>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn articles(
    State(state): State<AppState>,
    Editor(_staff): Editor,
) -> Result<Json<Vec<api::staff::ArticleVersion>>> {
    Ok(Json(crate::content::articles::all_versions(&state.db).await?))
}

/// One article version as written, to correct it.
#[utoipa::path(get, path = "/api/v1/staff/articles/{slug}", tag = "staff",
    params(("slug" = String, Path), ("lang" = Option<String>, Query, description = "zh-CN (default) or en")),
    responses((status = 200, body = api::articles::ArticleInput), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn article_source(
    State(state): State<AppState>,
    Editor(_staff): Editor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(p): ApiQuery<LangParam>,
) -> Result<Json<api::articles::ArticleInput>> {
    Ok(Json(crate::content::articles::source(&state.db, &slug, article_lang(&p)).await?))
}

/// Takes an article version offline; publishing it again (PUT) brings it back.
#[utoipa::path(delete, path = "/api/v1/staff/articles/{slug}", tag = "staff",
    params(("slug" = String, Path), ("lang" = Option<String>, Query, description = "zh-CN (default) or en")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn unpublish_article(
    State(state): State<AppState>,
    Editor(_staff): Editor,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(p): ApiQuery<LangParam>,
) -> Result<StatusCode> {
    crate::content::articles::unpublish(&state.db, &slug, article_lang(&p)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `?months=` (default 12) or `?days=` (default 14)
#[derive(Debug, serde::Deserialize)]
pub struct Span {
    pub months: Option<i64>,
    pub days: Option<i64>,
}

/// A survey's score (NPS: % promoters 9–10 minus % detractors 0–6; ratings: the mean),
/// response count and monthly trend. Aggregates only: any staff role.
#[utoipa::path(get, path = "/api/v1/staff/surveys/{id}/report", tag = "staff",
    params(("id" = String, Path), ("months" = Option<i64>, Query, description = "1–36, default 12")),
    responses((status = 200, body = api::surveys::Report), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn survey_report(
    State(state): State<AppState>,
    AnyStaff(_staff): AnyStaff,
    ApiPath(id): ApiPath<String>,
    ApiQuery(span): ApiQuery<Span>,
) -> Result<Json<api::surveys::Report>> {
    Ok(Json(crate::content::surveys::report(&state.db, &id, span.months.unwrap_or(12)).await?))
}

/// Upload → decision times per day (median, p90, within the 5-minute target). Any staff role.
#[utoipa::path(get, path = "/api/v1/staff/reports/review-times", tag = "staff",
    params(("days" = Option<i64>, Query, description = "1–90, default 14")),
    responses((status = 200, body = Vec<ReviewDay>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn review_times(
    State(state): State<AppState>,
    AnyStaff(_staff): AnyStaff,
    ApiQuery(span): ApiQuery<Span>,
) -> Result<Json<Vec<ReviewDay>>> {
    Ok(Json(staff::review_times(&state.db, span.days.unwrap_or(14)).await?))
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(queue))
        .routes(routes!(claim, release))
        .routes(routes!(page))
        .routes(routes!(decide))
        .routes(routes!(access_log))
        .routes(routes!(consultations))
        .routes(routes!(reply_consultation))
        .routes(routes!(feedback))
        .routes(routes!(reply_feedback))
        .routes(routes!(feedback_photo))
        .routes(routes!(articles))
        .routes(routes!(article_source, publish_article, unpublish_article))
        .routes(routes!(survey_report))
        .routes(routes!(review_times))
}
