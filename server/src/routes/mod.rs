//! The `/api/v1` routes.
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::AppState;

pub mod account;
pub mod admin;
pub mod articles;
pub mod auth;
pub mod content;
pub mod family;
pub mod feedback;
pub mod growth;
pub mod health;
pub mod member;
pub mod points;
pub mod prescriptions;
pub mod rewards;
pub mod schedule;
pub mod staff;
pub mod surveys;

/// All versioned API routes, relative to `/api/v1`.
pub fn api_v1() -> Router<AppState> {
    Router::new()
        .route("/auth/code", post(auth::request_code))
        .route("/auth/login", post(auth::login))
        .route("/auth/exchange", post(auth::exchange))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/logout-all", post(auth::logout_all))
        .route("/admin/handoff-codes", post(admin::issue_handoff))
        .route("/me", get(member::me).delete(account::delete))
        .route("/home", get(member::home))
        .route("/points", get(points::summary))
        .route("/points/ledger", get(points::ledger))
        .route("/points/rules", get(points::rules))
        .route("/rewards", get(rewards::catalogue))
        .route("/rewards/{id}/redeem", post(rewards::redeem))
        .route("/coupons", get(rewards::wallet))
        .route("/admin/orders", post(admin::complete_order))
        .route("/admin/orders/{order_id}/refund", post(admin::refund_order))
        .route("/admin/campaigns", put(growth::save))
        .route("/auth/signup", post(growth::signup))
        .route("/referrals", get(growth::mine))
        .route("/referrals/claim", post(growth::claim_referral))
        .route("/campaigns", get(growth::offers))
        .route("/campaigns/{id}/claim", post(growth::claim))
        .route("/admin/members", post(admin::create_member))
        .route("/admin/staff", post(admin::create_staff))
        .route("/tiers", get(member::tiers))
        .route("/me/time-zone", put(schedule::set_time_zone))
        .route("/schedule", get(schedule::view))
        .route("/schedule.ics", get(schedule::calendar))
        .route("/schedule/feed", post(schedule::create_feed).delete(schedule::delete_feed))
        .route("/feeds/{token}/schedule.ics", get(schedule::feed_calendar))
        .route("/medications", get(schedule::list).post(schedule::create))
        .route("/medications/{id}", get(schedule::get_one).put(schedule::update).delete(schedule::delete))
        .route("/doses", post(schedule::log_dose))
        .route("/doses/{id}", delete(schedule::undo))
        .route("/prescriptions", get(prescriptions::list).post(prescriptions::upload).layer(upload_limit()))
        .route("/prescriptions/{id}", get(prescriptions::detail))
        .route("/prescriptions/{id}/pages/{n}", get(prescriptions::page))
        .route("/prescriptions/{id}/submit", post(prescriptions::submit))
        .route("/prescriptions/{id}/medications", post(prescriptions::add_to_schedule))
        .route("/me/privacy", get(member::privacy).put(member::set_privacy))
        .route("/me/consent", get(account::consent).put(account::accept_consent))
        .route("/me/export", get(account::export))
        .route("/articles", get(articles::list))
        .route("/articles/bookmarks", get(articles::bookmarks))
        .route("/articles/{slug}", get(articles::detail))
        .route("/articles/{slug}/bookmark", put(articles::bookmark).delete(articles::unbookmark))
        .route("/surveys/next", get(surveys::next))
        .route("/surveys/invitations/{id}/response", post(surveys::answer))
        .route("/surveys/invitations/{id}/dismiss", post(surveys::dismiss))
        .route("/feedback", get(feedback::mine).post(feedback::create).layer(photo_limit()))
        .route("/feedback/{id}/photo", get(feedback::photo))
        .route("/me/health", get(health::profile).put(health::save_profile).delete(health::delete_profile))
        .route("/drugs", get(health::drugs))
        .route("/safety/check", post(health::check))
        .route("/consultations", get(health::mine).post(health::ask))
        .route("/family", get(family::overview))
        .route("/family/dependants", post(family::add_dependant))
        .route("/family/dependants/{id}", delete(family::remove_dependant))
        .route("/family/invitations", post(family::invite))
        .route("/family/invitations/accept", post(family::accept))
        .route("/family/grants/{id}", delete(family::revoke))
        .route("/family/grants/{id}/access", get(family::access))
        .route("/staff/auth/login", post(staff::login))
        .route("/staff/auth/logout", post(staff::logout))
        .route("/staff/me", get(staff::me))
        .route("/staff/prescriptions", get(staff::queue))
        .route("/staff/prescriptions/{id}/claim", post(staff::claim).delete(staff::release))
        .route("/staff/prescriptions/{id}/pages/{n}", get(staff::page))
        .route("/staff/prescriptions/{id}/decision", post(staff::decide))
        .route("/staff/prescriptions/{id}/access-log", get(staff::access_log))
        .route("/staff/consultations", get(staff::consultations))
        .route("/staff/consultations/{id}/reply", post(staff::reply_consultation))
        .route("/staff/feedback", get(staff::feedback))
        .route("/staff/feedback/{id}/replies", post(staff::reply_feedback))
        .route("/staff/feedback/{id}/photo", get(staff::feedback_photo))
        .route("/staff/articles", get(staff::articles))
        .route(
            "/staff/articles/{slug}",
            get(staff::article_source).put(staff::publish_article).delete(staff::unpublish_article),
        )
        .route("/staff/surveys/{id}/report", get(staff::survey_report))
        .route("/staff/reports/review-times", get(staff::review_times))
}

/// Uploads may carry every page at its largest, plus multipart framing.
fn upload_limit() -> DefaultBodyLimit {
    use api::prescriptions::limits::{MAX_PAGES, MAX_PAGE_BYTES};
    DefaultBodyLimit::max(MAX_PAGES * MAX_PAGE_BYTES + 64 * 1024)
}

/// A feedback photo at its largest plus the text fields.
fn photo_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(api::prescriptions::limits::MAX_PAGE_BYTES + 64 * 1024)
}
