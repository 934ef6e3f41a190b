//! The one typed API client. Every call returns `Result<T, ApiError>`; a 401 or a consent
//! refusal is also reported to the hook the app set ([`on_auth_lost`]), so the session can send
//! the member to login. It imports no app state: session and schedule sit above it.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use api::articles::{Article, ArticleCard, ArticlePage};
use api::auth::{CodeRequest, CodeResponse, ExchangeRequest, LoginRequest, LogoutAllResponse, SessionResponse};
use api::error::codes;
use api::family::{
    AcceptInvitation, CareAccess, CareInvitation, Family, NewDependant, NewInvitation, Permission, Person,
    ACT_FOR_HEADER,
};
use api::feedback::Feedback;
use api::health::{Consultation, ConsultationRequest, DrugInfo, HealthProfileInput, HealthProfileView};
use api::home::HomeSummary;
use api::member::{AcceptConsent, Consent, DeleteAccount, Member, Privacy};
use api::points::{LedgerFilter, LedgerPage, PointsRules, PointsSummary};
use api::prescriptions::{Prescription, PrescriptionCard, RxFields, SubmitRequest};
use api::rewards::{Coupon, RedeemResponse, Reward};
use api::schedule::{DoseLog, DoseLogInput, FeedLink, Medication, MedicationSpec, ScheduleView};
use api::surveys::{Answer, Answered, Invitation, Moment};
use api::tier::Tier;
use api::{ErrorBody, API_PREFIX};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::format::encode;

/// Why a call failed, in the terms a screen needs to react.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all: offline, DNS, connection reset.
    Offline,
    /// The server refused or failed; `code` is the stable error code of the JSON body.
    Http { status: u16, code: String, message: String },
}

impl ApiError {
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Http { status: 401, .. })
    }

    /// The stable error code, if the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Http { code, .. } => Some(code),
            ApiError::Offline => None,
        }
    }
}

/// A fresh random id for an idempotent request (redemption, dose log).
pub fn idempotency_key() -> String {
    leptos::prelude::window()
        .crypto()
        .map(|c| c.random_uuid())
        .unwrap_or_else(|_| format!("k{}-{}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e15) as u64))
}

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

async fn send(req: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    send_as(req, Caller::Member).await
}

/// What an answer said about the member's session. The client only reports it: the session,
/// a layer above, decides what follows (see [`on_auth_lost`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthLost {
    /// 401: no valid session; `expired` when the server said it timed out.
    Unauthorized { expired: bool },
    /// 403 `consent_required`: a newer privacy policy waits for the member's acceptance.
    ConsentRequired,
}

/// A request on its way out, answered by the browser's `fetch` or by a test's fake.
pub type Transport = Rc<dyn Fn(Request) -> Pin<Box<dyn Future<Output = Result<Response, gloo_net::Error>>>>>;

thread_local! {
    // Hooks, set once at start-up: not copies of any context.
    static AUTH_LOST: RefCell<Option<Rc<dyn Fn(AuthLost)>>> = const { RefCell::new(None) };
    static TRANSPORT: RefCell<Option<Transport>> = const { RefCell::new(None) };
}

/// Sets what happens when a member call finds the session gone or consent due (the app sets
/// it once, to the session's handler).
pub fn on_auth_lost(hook: impl Fn(AuthLost) + 'static) {
    AUTH_LOST.with(|h| *h.borrow_mut() = Some(Rc::new(hook)));
}

fn auth_lost(lost: AuthLost) {
    if let Some(hook) = AUTH_LOST.with(|h| h.borrow().clone()) {
        hook(lost);
    }
}

/// Replaces the network for this page (component tests mount whole screens against a fake
/// server); `None` restores `fetch`.
pub fn set_transport(transport: Option<Transport>) {
    TRANSPORT.with(|t| *t.borrow_mut() = transport);
}

async fn transmit(req: Request) -> Result<Response, gloo_net::Error> {
    match TRANSPORT.with(|t| t.borrow().clone()) {
        Some(fake) => fake(req).await,
        None => req.send().await,
    }
}

/// Whose call it is: a member screen's, whose 401/403 signs the member out or asks for
/// consent, or the staff console's, which handles its own (a member signed in on the same
/// browser is left alone).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    Member,
    Staff,
}

async fn send_as(req: Result<Request, gloo_net::Error>, caller: Caller) -> Result<Response, ApiError> {
    let req = req.map_err(|e| ApiError::Http { status: 0, code: codes::BAD_REQUEST.into(), message: e.to_string() })?;
    if req.method() != gloo_net::http::Method::GET {
        // A write (a dose synced from the outbox, a redemption…) makes the early reads stale.
        crate::early::forget();
    }
    let res = transmit(req).await.map_err(|_| ApiError::Offline)?;
    if res.ok() {
        return Ok(res);
    }
    let status = res.status();
    let body: Option<ErrorBody> = res.json().await.ok();
    let (code, message) = match body {
        Some(b) => (b.error.code, b.error.message),
        None => (codes::INTERNAL.to_string(), format!("HTTP {status}")),
    };
    if caller == Caller::Staff {
        return Err(ApiError::Http { status, code, message });
    }
    if status == 401 {
        auth_lost(AuthLost::Unauthorized { expired: code == codes::SESSION_EXPIRED });
    }
    if status == 403 && code == codes::CONSENT_REQUIRED {
        auth_lost(AuthLost::ConsentRequired);
    }
    Err(ApiError::Http { status, code, message })
}

async fn parse<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    res.json().await.map_err(|e| ApiError::Http {
        status: res.status(),
        code: codes::INTERNAL.into(),
        message: e.to_string(),
    })
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let url = url(path);
    if let Some(res) = crate::early::take(&url).await {
        return parse(Response::from(res)).await;
    }
    parse(send(with_defaults(Request::get(&url)).build()).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    parse(send(with_defaults(Request::post(&url(path))).json(body)).await?).await
}

/// A staff console call: `body` as JSON if any; `None` back for 204 No Content.
pub(crate) async fn staff_call<B: Serialize, T: DeserializeOwned>(
    method: gloo_net::http::Method,
    path: &str,
    body: Option<&B>,
) -> Result<Option<T>, ApiError> {
    let req = with_defaults(RequestBuilder::new(&url(path)).method(method));
    let req = match body {
        Some(b) => req.json(b),
        None => req.build(),
    };
    let res = send_as(req, Caller::Staff).await?;
    if res.status() == 204 {
        return Ok(None);
    }
    parse(res).await.map(Some)
}

fn with_defaults(req: RequestBuilder) -> RequestBuilder {
    req.header("Accept", "application/json")
}

pub async fn request_code(phone: &str) -> Result<CodeResponse, ApiError> {
    post("/auth/code", &CodeRequest { phone: phone.into() }).await
}

pub async fn login(phone: &str, code: &str) -> Result<SessionResponse, ApiError> {
    post("/auth/login", &LoginRequest { phone: phone.into(), code: code.into() }).await
}

/// Spends the mini-program's hand-off code for a session (the cookie).
pub async fn exchange(code: &str) -> Result<SessionResponse, ApiError> {
    post("/auth/exchange", &ExchangeRequest { code: code.into() }).await
}

pub async fn logout() -> Result<(), ApiError> {
    send(with_defaults(Request::post(&url("/auth/logout"))).build()).await.map(|_| ())
}

pub async fn me() -> Result<Member, ApiError> {
    get(api::boot::ME).await
}

pub async fn home(lang: &str) -> Result<HomeSummary, ApiError> {
    get(&api::boot::home(lang)).await
}

pub async fn points() -> Result<PointsSummary, ApiError> {
    get("/points").await
}

pub async fn ledger(filter: LedgerFilter, cursor: Option<String>) -> Result<LedgerPage, ApiError> {
    let filter = match filter {
        LedgerFilter::All => "all",
        LedgerFilter::Earned => "earned",
        LedgerFilter::Spent => "spent",
        LedgerFilter::Expired => "expired",
    };
    let cursor = cursor.map(|c| format!("&cursor={}", encode(&c))).unwrap_or_default();
    get(&format!("/points/ledger?filter={filter}{cursor}")).await
}

pub async fn points_rules() -> Result<PointsRules, ApiError> {
    get("/points/rules").await
}

pub async fn rewards() -> Result<Vec<Reward>, ApiError> {
    get("/rewards").await
}

/// `key` must stay the same across retries of one intended redemption (no double charge).
pub async fn redeem(reward_id: &str, key: &str) -> Result<RedeemResponse, ApiError> {
    let req = with_defaults(Request::post(&url(&format!("/rewards/{}/redeem", encode(reward_id)))))
        .header("Idempotency-Key", key)
        .build();
    parse(send(req).await?).await
}

pub async fn coupons() -> Result<Vec<Coupon>, ApiError> {
    get("/coupons").await
}

/// The member's invite code and who joined through it.
pub async fn referrals() -> Result<api::referral::ReferralOverview, ApiError> {
    get("/referrals").await
}

/// A new member joins (from an invite or not): the session comes as a cookie.
pub async fn signup(req: &api::referral::SignupRequest) -> Result<SessionResponse, ApiError> {
    post("/auth/signup", req).await
}

/// This month's offers, the member's own medicines' first.
pub async fn campaigns() -> Result<Vec<api::campaigns::Offer>, ApiError> {
    get("/campaigns").await
}

/// Claims an offer's coupon (a repeat returns the same coupon).
pub async fn claim_campaign(id: &str) -> Result<Coupon, ApiError> {
    post(&format!("/campaigns/{}/claim", encode(id)), &()).await
}

pub async fn tiers() -> Result<Vec<Tier>, ApiError> {
    get("/tiers").await
}

/// Medications, a fortnight of doses and logs, reminders and adherence. `subject`: someone
/// else's schedule (a dependant, or a member who made the caller their caregiver); only the
/// member's own (`None`) is kept on the device.
pub async fn schedule(subject: Option<&str>) -> Result<ScheduleView, ApiError> {
    match subject {
        // The member's own may already be on its way (boot.js asks for it on /schedule): an
        // answer left untaken would also hold its connection open.
        None => get(api::boot::SCHEDULE).await,
        Some(_) => {
            parse(send(for_subject(with_defaults(Request::get(&url("/schedule"))), subject).build()).await?).await
        }
    }
}

/// Idempotent by `input.id`: the outbox may send it any number of times.
pub async fn log_dose(subject: Option<&str>, input: &DoseLogInput) -> Result<DoseLog, ApiError> {
    parse(send(for_subject(with_defaults(Request::post(&url("/doses"))), subject).json(input)).await?).await
}

pub async fn create_medication(subject: Option<&str>, spec: &MedicationSpec) -> Result<Medication, ApiError> {
    parse(send(for_subject(with_defaults(Request::post(&url("/medications"))), subject).json(spec)).await?).await
}

pub async fn update_medication(id: &str, spec: &MedicationSpec) -> Result<Medication, ApiError> {
    parse(send(with_defaults(Request::put(&url(&format!("/medications/{}", encode(id))))).json(spec)).await?).await
}

pub async fn delete_medication(id: &str) -> Result<(), ApiError> {
    send(with_defaults(Request::delete(&url(&format!("/medications/{}", encode(id))))).build()).await.map(|_| ())
}

/// Idempotent.
pub async fn undo_dose(subject: Option<&str>, id: &str) -> Result<(), ApiError> {
    let req = for_subject(with_defaults(Request::delete(&url(&format!("/doses/{}", encode(id))))), subject);
    send(req.build()).await.map(|_| ())
}

/// A new private calendar subscription link (the previous one stops working).
pub async fn create_feed() -> Result<FeedLink, ApiError> {
    parse(send(with_defaults(Request::post(&url("/schedule/feed"))).build()).await?).await
}

pub async fn delete_feed() -> Result<(), ApiError> {
    send(with_defaults(Request::delete(&url("/schedule/feed"))).build()).await.map(|_| ())
}

/// Where the calendar file is served (same origin; the session cookie authorises it).
pub fn calendar_url(lang: &str) -> String {
    url(&format!("/schedule.ics?lang={lang}"))
}

pub async fn prescriptions() -> Result<Vec<PrescriptionCard>, ApiError> {
    get("/prescriptions").await
}

/// Where pages are uploaded (multipart, see `crate::upload`).
pub fn prescriptions_url() -> String {
    url("/prescriptions")
}

/// A page image of the member's prescription (the session cookie authorises it).
pub fn prescription_page_url(id: &str, n: u32) -> String {
    url(&format!("/prescriptions/{}/pages/{n}", encode(id)))
}

pub async fn prescription(id: &str) -> Result<Prescription, ApiError> {
    get(&format!("/prescriptions/{}", encode(id))).await
}

pub async fn submit_prescription(id: &str, fields: RxFields) -> Result<Prescription, ApiError> {
    post(&format!("/prescriptions/{}/submit", encode(id)), &SubmitRequest { fields }).await
}

pub async fn schedule_prescription(id: &str) -> Result<Vec<Medication>, ApiError> {
    post(&format!("/prescriptions/{}/medications", encode(id)), &()).await
}

/// Turns a non-2xx answer from the upload (sent outside this client) into an [`ApiError`].
pub fn upload_error(status: u16, body: &str) -> ApiError {
    let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
    if status == 401 {
        auth_lost(AuthLost::Unauthorized {
            expired: parsed.as_ref().is_some_and(|b| b.error.code == codes::SESSION_EXPIRED),
        });
    }
    if status == 403 && parsed.as_ref().is_some_and(|b| b.error.code == codes::CONSENT_REQUIRED) {
        auth_lost(AuthLost::ConsentRequired);
    }
    match parsed {
        Some(b) => ApiError::Http { status, code: b.error.code, message: b.error.message },
        None => ApiError::Http { status, code: codes::INTERNAL.into(), message: format!("HTTP {status}") },
    }
}

/// One page of articles: `tag` narrows to a topic, `q` searches.
pub async fn articles(
    lang: &str,
    tag: Option<&str>,
    q: Option<&str>,
    cursor: Option<&str>,
) -> Result<ArticlePage, ApiError> {
    let mut path = format!("/articles?lang={lang}");
    for (key, value) in [("tag", tag), ("q", q), ("cursor", cursor)] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            path.push_str(&format!("&{key}={}", encode(v)));
        }
    }
    get(&path).await
}

pub async fn article(slug: &str, lang: &str) -> Result<Article, ApiError> {
    get(&format!("/articles/{}?lang={lang}", encode(slug))).await
}

pub async fn bookmarks(lang: &str) -> Result<Vec<ArticleCard>, ApiError> {
    get(&format!("/articles/bookmarks?lang={lang}")).await
}

/// Idempotent either way.
pub async fn set_bookmark(slug: &str, on: bool) -> Result<(), ApiError> {
    let path = url(&format!("/articles/{}/bookmark", encode(slug)));
    let req = if on { Request::put(&path) } else { Request::delete(&path) };
    send(with_defaults(req).build()).await.map(|_| ())
}

pub async fn privacy() -> Result<Privacy, ApiError> {
    get("/me/privacy").await
}

pub async fn set_privacy(choice: Privacy) -> Result<Privacy, ApiError> {
    parse(send(with_defaults(Request::put(&url("/me/privacy"))).json(&choice)).await?).await
}

pub async fn consent() -> Result<Consent, ApiError> {
    get("/me/consent").await
}

pub async fn accept_consent(version: &str) -> Result<Consent, ApiError> {
    let body = AcceptConsent { version: version.into() };
    parse(send(with_defaults(Request::put(&url("/me/consent"))).json(&body)).await?).await
}

/// Ends every session of the member, this one included.
pub async fn logout_all() -> Result<LogoutAllResponse, ApiError> {
    parse(send(with_defaults(Request::post(&url("/auth/logout-all"))).build()).await?).await
}

/// Deletes the account for good (the server needs the confirmation word in the body).
pub async fn delete_account() -> Result<(), ApiError> {
    let body = DeleteAccount { confirm: api::member::DELETE_CONFIRMATION.into() };
    send(with_defaults(Request::delete(&url("/me"))).json(&body)).await.map(|_| ())
}

/// The JSON download of everything the server holds about the member (the cookie signs it).
pub fn export_url() -> String {
    url("/me/export")
}

/// The survey to show after `moment`, if the member is due one.
pub async fn next_survey(moment: Moment, lang: &str) -> Result<Option<Invitation>, ApiError> {
    let path = format!("/surveys/next?moment={}&lang={lang}", moment.as_str());
    let res = send(with_defaults(Request::get(&url(&path))).build()).await?;
    if res.status() == 204 {
        return Ok(None);
    }
    parse(res).await.map(Some)
}

/// Stored once per invitation: a retry returns the first answer.
pub async fn answer_survey(invitation: &str, answer: &Answer) -> Result<Answered, ApiError> {
    post(&format!("/surveys/invitations/{}/response", encode(invitation)), answer).await
}

pub async fn dismiss_survey(invitation: &str) -> Result<(), ApiError> {
    send(with_defaults(Request::post(&url(&format!("/surveys/invitations/{}/dismiss", encode(invitation))))).build())
        .await
        .map(|_| ())
}

pub async fn my_feedback() -> Result<Vec<Feedback>, ApiError> {
    get("/feedback").await
}

/// Sends feedback as multipart; `key` stays the same across retries of one submission.
pub async fn send_feedback(key: &str, form: web_sys::FormData) -> Result<Feedback, ApiError> {
    let req = with_defaults(Request::post(&url("/feedback"))).header("Idempotency-Key", key).body(form);
    parse(send(req).await?).await
}

/// The photo attached to the member's feedback (the session cookie authorises it).
pub fn feedback_photo_url(id: &str) -> String {
    url(&format!("/feedback/{}/photo", encode(id)))
}

/// The drug dictionary: name, brand, English or pinyin initials.
pub async fn search_drugs(query: &str) -> Result<Vec<DrugInfo>, ApiError> {
    get(&format!("/drugs?q={}", encode(query.trim()))).await
}

pub async fn consultations() -> Result<Vec<Consultation>, ApiError> {
    get("/consultations").await
}

/// Idempotent by `key`: a retry after a lost answer returns the question already sent.
pub async fn ask_pharmacist(key: &str, req: &ConsultationRequest) -> Result<Consultation, ApiError> {
    let req = with_defaults(Request::post(&url("/consultations"))).header("Idempotency-Key", key).json(req);
    parse(send(req).await?).await
}

/// Adds the family-care header when a request is about someone else's schedule.
fn for_subject(req: RequestBuilder, subject: Option<&str>) -> RequestBuilder {
    match subject {
        Some(id) => req.header(ACT_FOR_HEADER, id),
        None => req,
    }
}

pub async fn family() -> Result<Family, ApiError> {
    get("/family").await
}

pub async fn add_dependant(name: &str) -> Result<Person, ApiError> {
    post("/family/dependants", &NewDependant { name: name.into() }).await
}

pub async fn remove_dependant(id: &str) -> Result<(), ApiError> {
    send(with_defaults(Request::delete(&url(&format!("/family/dependants/{}", encode(id))))).build()).await.map(|_| ())
}

pub async fn invite_caregiver(subject_id: Option<String>, permission: Permission) -> Result<CareInvitation, ApiError> {
    post("/family/invitations", &NewInvitation { subject_id, permission }).await
}

pub async fn accept_invitation(code: &str) -> Result<Person, ApiError> {
    post("/family/invitations/accept", &AcceptInvitation { code: code.into() }).await
}

pub async fn revoke_grant(id: &str) -> Result<(), ApiError> {
    send(with_defaults(Request::delete(&url(&format!("/family/grants/{}", encode(id))))).build()).await.map(|_| ())
}

pub async fn care_access(grant_id: &str) -> Result<Vec<CareAccess>, ApiError> {
    get(&format!("/family/grants/{}/access", encode(grant_id))).await
}

pub async fn health_profile_of(subject: Option<String>) -> Result<HealthProfileView, ApiError> {
    parse(send(for_subject(with_defaults(Request::get(&url("/me/health"))), subject.as_deref()).build()).await?).await
}

pub async fn save_health_profile_of(
    subject: Option<String>,
    input: &HealthProfileInput,
) -> Result<HealthProfileView, ApiError> {
    let req = for_subject(with_defaults(Request::put(&url("/me/health"))), subject.as_deref());
    parse(send(req.json(input)).await?).await
}

pub async fn delete_health_profile_of(subject: Option<String>) -> Result<(), ApiError> {
    let req = for_subject(with_defaults(Request::delete(&url("/me/health"))), subject.as_deref());
    send(req.build()).await.map(|_| ())
}
