//! The `/api/v1` routes.
use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::AppState;

pub mod admin;
pub mod auth;
pub mod content;
pub mod member;
pub mod points;
pub mod rewards;
pub mod schedule;

/// All versioned API routes, relative to `/api/v1`.
pub fn api_v1() -> Router<AppState> {
    Router::new()
        .route("/auth/code", post(auth::request_code))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(member::me))
        .route("/home", get(member::home))
        .route("/points", get(points::summary))
        .route("/points/ledger", get(points::ledger))
        .route("/points/rules", get(points::rules))
        .route("/rewards", get(rewards::catalogue))
        .route("/rewards/{id}/redeem", post(rewards::redeem))
        .route("/coupons", get(rewards::wallet))
        .route("/admin/orders", post(admin::complete_order))
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
        .route("/prescriptions", get(content::prescriptions))
        .route("/articles", get(content::articles))
}
