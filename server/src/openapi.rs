//! `GET /api/openapi.json`, generated from the `api` crate's types and the handlers' annotations.
use axum::Json;
use utoipa::OpenApi;

use crate::routes::{
    account, admin, articles, auth, family, feedback, growth, health, member, points, prescriptions, rewards, schedule, staff,
    surveys,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Pharmacy member portal API", version = "1",
         description = "REST contract of the member portal. Errors are always `{\"error\": {\"code\", \"message\"}}`."),
    paths(auth::request_code, auth::login, auth::exchange, auth::logout, auth::logout_all, admin::issue_handoff, member::me, member::home, points::summary,
          points::ledger, points::rules, rewards::catalogue, rewards::redeem, rewards::wallet, member::tiers, schedule::view, schedule::list, schedule::get_one,
          schedule::create, schedule::update, schedule::delete, schedule::log_dose, schedule::undo, schedule::calendar, schedule::create_feed, schedule::delete_feed, schedule::feed_calendar,
          schedule::set_time_zone, prescriptions::list, prescriptions::upload, prescriptions::detail, prescriptions::page,
          prescriptions::submit, prescriptions::add_to_schedule, admin::complete_order, admin::create_staff,
          member::privacy, member::set_privacy, account::consent, account::accept_consent, account::export, account::delete,
          admin::create_member, articles::list, articles::detail, articles::bookmark, articles::unbookmark,
          articles::bookmarks, surveys::next, surveys::answer, surveys::dismiss, feedback::create, feedback::mine, feedback::photo,
          health::profile, health::save_profile, health::delete_profile, health::drugs, health::check, health::ask,
          health::mine, family::overview, family::add_dependant, family::remove_dependant,
          family::invite, family::accept, family::revoke, family::access,
          admin::refund_order, growth::save, growth::signup, growth::mine, growth::claim_referral, growth::offers, growth::claim,
          staff::login, staff::logout, staff::me, staff::queue, staff::claim, staff::release, staff::page, staff::decide,
          staff::access_log, staff::consultations, staff::reply_consultation, staff::feedback, staff::feedback_photo, staff::reply_feedback,
          staff::articles, staff::article_source, staff::publish_article, staff::unpublish_article, staff::survey_report, staff::review_times),
    modifiers(&RejectionStatuses),
    // Enums used only as query parameters are referenced by name and must be listed here.
    components(schemas(api::surveys::Moment, api::points::LedgerFilter)),
    tags((name = "auth"), (name = "member"), (name = "points"), (name = "rewards"), (name = "tier"), (name = "schedule"),
         (name = "prescriptions"), (name = "articles"), (name = "surveys"), (name = "feedback"), (name = "health"), (name = "family"), (name = "admin"), (name = "staff"), (name = "growth"))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Documents, on every operation, the statuses its extractors can answer before the handler
/// runs, each with the error body: a malformed path or query value (400); for a JSON body also
/// a malformed one (400), a missing `Content-Type` (415), a mistyped field (422) and a body over
/// the limit (413); for an upload, a malformed or oversize form (400, 413). Writing these on
/// each of 70 handlers by hand is how the document fell behind the code.
struct RejectionStatuses;

impl utoipa::Modify for RejectionStatuses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{Content, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content("application/json", Content::new(Some(Ref::from_schema_name("ErrorBody"))))
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                let body_types: Vec<String> =
                    operation.request_body.iter().flat_map(|b| b.content.keys().cloned()).collect();
                let mut statuses: Vec<(&str, &str)> = Vec::new();
                if operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    statuses.push(("400", "a path or query value of the wrong shape"));
                }
                if body_types.iter().any(|t| t == "application/json") {
                    statuses.extend([
                        ("400", "malformed JSON"),
                        ("413", "request body too large"),
                        ("415", "expected Content-Type: application/json"),
                        ("422", "a field missing or of the wrong type"),
                    ]);
                }
                if body_types.iter().any(|t| t.starts_with("multipart/")) {
                    statuses.extend([("400", "not a valid upload form"), ("413", "upload too large")]);
                }
                for (status, description) in statuses {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error(description).into());
                }
            }
        }
    }
}
