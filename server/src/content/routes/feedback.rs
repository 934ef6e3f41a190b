//! Feedback: send (with an optional photo), "My feedback", the photo.
use api::error::codes;
use api::feedback::Feedback;
use api::prescriptions::limits::MAX_PAGE_BYTES;
use api::ErrorBody;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;

use crate::auth::extract::CurrentMember;
use crate::http::error::{Error, Result};
use crate::http::extract::{idempotency_key, ApiPath};
use crate::store::uploads::{self, multipart_error, Kind};
use crate::{content::feedback, AppState};

/// Longest form field other than the photo.
const MAX_FIELD_BYTES: usize = 16 * 1024;

/// Sends feedback: multipart fields `category` (product, service, suggestion, complaint),
/// `major` (true when it affects the member's medicines or health), `text`, and an optional
/// `photo` (JPEG, PNG or WebP, ≤ 10 MB). Needs an `Idempotency-Key`: a retry returns the
/// feedback already stored (200) instead of a second copy.
#[utoipa::path(post, path = "/api/v1/feedback", tag = "feedback",
    params(("Idempotency-Key" = String, Header)),
    responses((status = 201, body = Feedback), (status = 200, body = Feedback, description = "a retry"),
        (status = 400, body = ErrorBody, description = "invalid_feedback, invalid_upload, corrupt_image"),
        (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    member: CurrentMember,
    headers: HeaderMap,
    multipart: std::result::Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Feedback>)> {
    let key = idempotency_key(&headers)?;
    if let Some(id) = feedback::by_key(&state.db, &member.member_id, key).await? {
        return Ok((StatusCode::OK, Json(feedback::one(&state.db, &member.member_id, &id).await?)));
    }
    let mut multipart = multipart.map_err(|e| Error::bad_request(codes::INVALID_UPLOAD, e.body_text()))?;
    let (mut category, mut major, mut text, mut photo) = (String::new(), String::new(), String::new(), None);
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let limit = if name == "photo" { MAX_PAGE_BYTES } else { MAX_FIELD_BYTES };
        let bytes = uploads::read_field(&mut field, limit, &name).await?;
        let as_text = || {
            String::from_utf8(bytes.clone())
                .map_err(|_| Error::bad_request(codes::INVALID_FEEDBACK, format!("{name} is not UTF-8 text")))
        };
        match name.as_str() {
            "category" => category = as_text()?,
            "major" => major = as_text()?,
            "text" => text = as_text()?,
            "photo" if !bytes.is_empty() => photo = Some(bytes),
            _ => {}
        }
    }
    let mut new = feedback::new_feedback(&category, &major, &text)?;
    if let Some(bytes) = photo {
        let Kind::Image(format) = uploads::sniff(&bytes)? else {
            return Err(Error::Rejected {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: codes::UNSUPPORTED_FILE_TYPE,
                message: "the photo must be a JPEG, PNG or WebP image".into(),
            });
        };
        let page = tokio::task::spawn_blocking(move || uploads::photo(&bytes, format))
            .await
            .map_err(anyhow::Error::from)??;
        new.photo = Some(state.uploads.store(&state.db, &page).await?);
    }
    let id = match feedback::create(&state.db, &member.member_id, key, &new).await? {
        Some(id) => id,
        None => {
            // A concurrent retry with the same key won.
            if let Some(file) = new.photo {
                crate::store::pending_files::remove(&state.db, &state.uploads, &[file]).await?;
            }
            let id = feedback::by_key(&state.db, &member.member_id, key).await?.ok_or(Error::NotFound("feedback"))?;
            return Ok((StatusCode::OK, Json(feedback::one(&state.db, &member.member_id, &id).await?)));
        }
    };
    Ok((StatusCode::CREATED, Json(feedback::one(&state.db, &member.member_id, &id).await?)))
}

/// The member's feedback, newest first, with replies.
#[utoipa::path(get, path = "/api/v1/feedback", tag = "feedback",
    responses((status = 200, body = Vec<Feedback>), (status = 401, body = ErrorBody)))]
pub async fn mine(State(state): State<AppState>, member: CurrentMember) -> Result<Json<Vec<Feedback>>> {
    Ok(Json(feedback::mine(&state.db, &member.member_id).await?))
}

/// The photo attached to the member's own feedback.
#[utoipa::path(get, path = "/api/v1/feedback/{id}/photo", tag = "feedback", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/jpeg"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn photo(
    State(state): State<AppState>,
    member: CurrentMember,
    ApiPath(id): ApiPath<String>,
) -> Result<impl IntoResponse> {
    let file = feedback::photo_file(&state.db, &member.member_id, &id).await?;
    let bytes = state.uploads.read(&file).await?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg")], bytes))
}
