//! The staff console's calls, through the one client's transport (`client::staff_call`).
use api::articles::ArticleInput;
use api::auth::{CodeRequest, CodeResponse};
use api::feedback::Feedback;
use api::health::{Consultation, ConsultationReply};
use api::prescriptions::Decision;
use api::staff::{ArticleVersion, Claimed, QueueItem, ReviewDay, StaffLogin, StaffProfile, StaffReply, StaffSession};
use api::surveys::Report;
use gloo_net::http::Method;

use crate::client::{staff_call, ApiError};
use crate::format::encode;

const NO_BODY: Option<&()> = None;

/// Dispatched on `window` when a staff call answers 401 (the session ended or expired): the
/// console goes back to its sign-in form, wherever the call was made.
pub const SIGNED_OUT_EVENT: &str = "staff-signed-out";

async fn call<B: serde::Serialize, T: serde::de::DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<Option<T>, ApiError> {
    let res = staff_call(method, path, body).await;
    if matches!(&res, Err(e) if e.is_unauthorized()) && !path.starts_with("/staff/auth/") {
        if let Ok(event) = web_sys::Event::new(SIGNED_OUT_EVENT) {
            let _ = leptos::prelude::window().dispatch_event(&event);
        }
    }
    res
}

async fn get<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    required(call(Method::GET, path, NO_BODY).await)
}

/// A call whose answer has a body: a 204 would break the contract.
fn required<T>(res: Result<Option<T>, ApiError>) -> Result<T, ApiError> {
    res?.ok_or(ApiError::Http { status: 204, code: api::error::codes::INTERNAL.into(), message: "no body".into() })
}

pub async fn request_code(phone: &str) -> Result<CodeResponse, ApiError> {
    required(call(Method::POST, "/auth/code", Some(&CodeRequest { phone: phone.into() })).await)
}

pub async fn login(phone: &str, code: &str) -> Result<StaffSession, ApiError> {
    let body = StaffLogin { phone: phone.into(), code: code.into() };
    required(call(Method::POST, "/staff/auth/login", Some(&body)).await)
}

pub async fn logout() -> Result<(), ApiError> {
    call::<(), ()>(Method::POST, "/staff/auth/logout", None).await.map(|_| ())
}

pub async fn me() -> Result<StaffProfile, ApiError> {
    get("/staff/me").await
}

pub async fn queue() -> Result<Vec<QueueItem>, ApiError> {
    get("/staff/prescriptions").await
}

pub async fn claim(id: &str) -> Result<Claimed, ApiError> {
    required(call(Method::POST, &format!("/staff/prescriptions/{}/claim", encode(id)), NO_BODY).await)
}

pub async fn release(id: &str) -> Result<(), ApiError> {
    call::<(), ()>(Method::DELETE, &format!("/staff/prescriptions/{}/claim", encode(id)), None).await.map(|_| ())
}

pub fn page_url(id: &str, n: u32) -> String {
    format!("{}/staff/prescriptions/{}/pages/{n}", api::API_PREFIX, encode(id))
}

pub async fn decide(id: &str, decision: &Decision) -> Result<(), ApiError> {
    let path = format!("/staff/prescriptions/{}/decision", encode(id));
    call::<_, ()>(Method::POST, &path, Some(decision)).await.map(|_| ())
}

pub async fn consultations() -> Result<Vec<Consultation>, ApiError> {
    get("/staff/consultations").await
}

pub async fn reply_consultation(id: &str, reply: &str) -> Result<Consultation, ApiError> {
    let path = format!("/staff/consultations/{}/reply", encode(id));
    required(call(Method::POST, &path, Some(&ConsultationReply { reply: reply.into() })).await)
}

pub async fn feedback() -> Result<Vec<Feedback>, ApiError> {
    get("/staff/feedback").await
}

pub fn feedback_photo_url(id: &str) -> String {
    format!("{}/staff/feedback/{}/photo", api::API_PREFIX, encode(id))
}

pub async fn reply_feedback(id: &str, text: &str, resolve: bool) -> Result<(), ApiError> {
    let path = format!("/staff/feedback/{}/replies", encode(id));
    call::<_, ()>(Method::POST, &path, Some(&StaffReply { text: text.into(), resolve })).await.map(|_| ())
}

pub async fn publish(slug: &str, article: &ArticleInput) -> Result<(), ApiError> {
    call::<_, ()>(Method::PUT, &format!("/staff/articles/{}", encode(slug)), Some(article)).await.map(|_| ())
}

pub async fn article_versions() -> Result<Vec<ArticleVersion>, ApiError> {
    get("/staff/articles").await
}

pub async fn article_source(slug: &str, lang: &str) -> Result<ArticleInput, ApiError> {
    get(&format!("/staff/articles/{}?lang={}", encode(slug), encode(lang))).await
}

pub async fn unpublish(slug: &str, lang: &str) -> Result<(), ApiError> {
    let path = format!("/staff/articles/{}?lang={}", encode(slug), encode(lang));
    call::<(), ()>(Method::DELETE, &path, None).await.map(|_| ())
}

pub async fn nps_report() -> Result<Report, ApiError> {
    get("/staff/surveys/nps/report?months=12").await
}

pub async fn review_times() -> Result<Vec<ReviewDay>, ApiError> {
    get("/staff/reports/review-times?days=14").await
}
