//! Prescription upload, status, confirmation and the hand-off to the schedule.
use api::error::codes;
use api::prescriptions::limits::{MAX_PAGES, MAX_PAGE_BYTES};
use api::prescriptions::{Prescription, PrescriptionCard, SubmitRequest};
use api::schedule::Medication;
use api::ErrorBody;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::extract::ConsentedMember;
use crate::http::error::{Error, Result};
use crate::http::extract::{idempotency_key, ApiJson, ApiPath};
use crate::prescriptions::{self, StoredPage};
use crate::store::audit::{self, Actor};
use crate::store::uploads::multipart_error;
use crate::store::uploads::{self, Kind};
use crate::AppState;

/// The member's prescriptions, newest first.
#[utoipa::path(get, path = "/api/v1/prescriptions", tag = "prescriptions",
    responses((status = 200, body = Vec<PrescriptionCard>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn list(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
) -> Result<Json<Vec<PrescriptionCard>>> {
    Ok(Json(prescriptions::list(&state.db, &member.member_id).await?))
}

/// Uploads a prescription: `multipart/form-data` with one `page` part per page (JPEG, PNG,
/// WebP or PDF; checked by content). Requires an `Idempotency-Key` header: a retry with the
/// same key returns the first upload (200) instead of creating another.
#[utoipa::path(post, path = "/api/v1/prescriptions", tag = "prescriptions",
    params(("Idempotency-Key" = String, Header)),
    responses((status = 201, body = Prescription), (status = 200, body = Prescription, description = "a retry"),
        (status = 400, body = ErrorBody, description = "invalid_upload, corrupt_image, image_too_small, image_too_large"),
        (status = 401, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody, description = "unsupported_file_type"), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn upload(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    headers: HeaderMap,
    multipart: std::result::Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Prescription>)> {
    let key = idempotency_key(&headers)?;
    if let Some(id) = prescriptions::by_key(&state.db, &member.member_id, key).await? {
        return Ok((
            StatusCode::OK,
            Json(prescriptions::detail(&state.db, state.at_rest(), &member.member_id, &id).await?),
        ));
    }
    let mut multipart = multipart.map_err(|e| Error::bad_request(codes::INVALID_UPLOAD, e.body_text()))?;
    let mut pages = Vec::new();
    let mut index = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() != Some("page") {
            continue;
        }
        index += 1;
        let bytes = uploads::read_field(&mut field, MAX_PAGE_BYTES, &format!("page {index}")).await?;
        if bytes.is_empty() {
            return Err(Error::bad_request(codes::INVALID_UPLOAD, format!("page {index} is an empty file")));
        }
        match uploads::sniff(&bytes)? {
            Kind::Image(format) => pages.push(
                tokio::task::spawn_blocking(move || uploads::image_page(&bytes, format))
                    .await
                    .map_err(anyhow::Error::from)??,
            ),
            Kind::Pdf => pages.extend(uploads::pdf_pages(&bytes, &state.config.data_dir.join("scratch")).await?),
        }
        if pages.len() > MAX_PAGES {
            return Err(Error::bad_request(
                codes::INVALID_UPLOAD,
                format!("at most {MAX_PAGES} pages per prescription"),
            ));
        }
    }
    if pages.is_empty() {
        return Err(Error::bad_request(codes::INVALID_UPLOAD, "no pages: send each page as a `page` part"));
    }
    let mut stored = Vec::new();
    for page in &pages {
        let file = state.uploads.store(&state.db, page).await?;
        stored.push(StoredPage { file, width: page.width, height: page.height });
    }
    let Some(id) = prescriptions::create(&state.db, &member.member_id, key, &stored).await? else {
        // A concurrent retry with the same key won: drop our copy, answer with theirs.
        let ours: Vec<String> = stored.into_iter().map(|p| p.file).collect();
        crate::store::pending_files::remove(&state.db, &state.uploads, &ours).await?;
        let id =
            prescriptions::by_key(&state.db, &member.member_id, key).await?.ok_or(Error::NotFound("prescription"))?;
        return Ok((
            StatusCode::OK,
            Json(prescriptions::detail(&state.db, state.at_rest(), &member.member_id, &id).await?),
        ));
    };
    crate::prescriptions::ocr::wake::ring(&state.db, &state.ocr_wake).await;
    Ok((StatusCode::CREATED, Json(prescriptions::detail(&state.db, state.at_rest(), &member.member_id, &id).await?)))
}

/// One prescription with pages, fields (confidence per field) and timeline.
#[utoipa::path(get, path = "/api/v1/prescriptions/{id}", tag = "prescriptions", params(("id" = String, Path)),
    responses((status = 200, body = Prescription), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn detail(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Prescription>> {
    let found = prescriptions::detail(&state.db, state.at_rest(), &member.member_id, &id).await?;
    audit::record(&state.db, &id, Actor::Member(&member.member_id), "view").await?;
    Ok(Json(found))
}

/// A page image (JPEG) of the member's own prescription.
#[utoipa::path(get, path = "/api/v1/prescriptions/{id}/pages/{n}", tag = "prescriptions",
    params(("id" = String, Path), ("n" = u32, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>), (status = 404, body = ErrorBody), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn page(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiPath((id, n)): ApiPath<(String, u32)>,
) -> Result<impl IntoResponse> {
    let file = prescriptions::page_file(&state.db, &member.member_id, &id, n).await?;
    let bytes = state.uploads.read(&file).await?;
    audit::record(&state.db, &id, Actor::Member(&member.member_id), "page").await?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-store")], bytes))
}

/// The member confirms (and may correct) the recognised fields; it goes to pharmacist review.
#[utoipa::path(post, path = "/api/v1/prescriptions/{id}/submit", tag = "prescriptions", params(("id" = String, Path)),
    request_body = SubmitRequest,
    responses((status = 200, body = Prescription), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "invalid_state"), (status = 422, body = ErrorBody, description = "invalid_prescription"), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn submit(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SubmitRequest>,
) -> Result<Json<Prescription>> {
    Ok(Json(prescriptions::submit(&state.db, state.at_rest(), &member.member_id, &id, &body.fields).await?))
}

/// Adds an approved prescription's drugs to the medication schedule (once; a repeat returns
/// the entries already made, with 200).
#[utoipa::path(post, path = "/api/v1/prescriptions/{id}/medications", tag = "prescriptions", params(("id" = String, Path)),
    responses((status = 201, body = Vec<Medication>), (status = 200, body = Vec<Medication>),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "invalid_state"), (status = 403, body = ErrorBody, description = "consent_required")))]
pub async fn add_to_schedule(
    State(state): State<AppState>,
    ConsentedMember(member): ConsentedMember,
    ApiPath(id): ApiPath<String>,
) -> Result<(StatusCode, Json<Vec<Medication>>)> {
    let (created, meds) = prescriptions::add_to_schedule(&state.db, state.at_rest(), &member.member_id, &id).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(meds)))
}

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(detail))
        .routes(routes!(page))
        .routes(routes!(submit))
        .routes(routes!(add_to_schedule))
        .merge(OpenApiRouter::new().routes(routes!(list, upload)).layer(upload_limit()))
}

/// Uploads may carry every page at its largest, plus multipart framing.
fn upload_limit() -> axum::extract::DefaultBodyLimit {
    use api::prescriptions::limits::{MAX_PAGES, MAX_PAGE_BYTES};
    axum::extract::DefaultBodyLimit::max(MAX_PAGES * MAX_PAGE_BYTES + 64 * 1024)
}
