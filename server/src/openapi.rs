//! `GET /api/openapi.json`, generated from the `api` crate's types and the handlers' annotations.
use axum::Json;
use utoipa::OpenApi;

use crate::routes::{
    account, admin, articles, auth, family, feedback, health, member, points, prescriptions, rewards, schedule, surveys,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Pharmacy member portal API", version = "1",
         description = "REST contract of the member portal. Errors are always `{\"error\": {\"code\", \"message\"}}`."),
    paths(auth::request_code, auth::login, auth::exchange, auth::logout, auth::logout_all, admin::issue_handoff, member::me, member::home, points::summary,
          points::ledger, points::rules, rewards::catalogue, rewards::redeem, rewards::wallet, member::tiers, schedule::view, schedule::list, schedule::get_one,
          schedule::create, schedule::update, schedule::delete, schedule::log_dose, schedule::undo, schedule::calendar, schedule::create_feed, schedule::delete_feed, schedule::feed_calendar,
          schedule::set_time_zone, prescriptions::list, prescriptions::upload, prescriptions::detail, prescriptions::page,
          prescriptions::submit, prescriptions::add_to_schedule, admin::review_queue, admin::decide, admin::complete_order,
          member::privacy, member::set_privacy, account::consent, account::accept_consent, account::export, account::delete,
          admin::access_log, admin::create_member, articles::list, articles::detail, articles::bookmark, articles::unbookmark,
          articles::bookmarks, surveys::next, surveys::answer, surveys::dismiss, feedback::create, feedback::mine, feedback::photo,
          admin::survey_report, admin::publish_article, admin::feedback_queue, admin::reply_feedback,
          health::profile, health::save_profile, health::delete_profile, health::drugs, health::check, health::ask,
          health::mine, health::queue, health::reply, family::overview, family::add_dependant, family::remove_dependant,
          family::invite, family::accept, family::revoke, family::access),
    // Enums used only as query parameters are referenced by name and must be listed here.
    components(schemas(api::surveys::Moment, api::points::LedgerFilter)),
    tags((name = "auth"), (name = "member"), (name = "points"), (name = "rewards"), (name = "tier"), (name = "schedule"),
         (name = "prescriptions"), (name = "articles"), (name = "surveys"), (name = "feedback"), (name = "health"), (name = "family"), (name = "admin"))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
