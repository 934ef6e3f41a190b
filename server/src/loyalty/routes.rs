//! Loyalty's HTTP handlers.
pub mod growth;
pub mod points;
pub mod rewards;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(points::summary))
        .routes(routes!(points::ledger))
        .routes(routes!(points::rules))
        .routes(routes!(points::tiers))
        .routes(routes!(rewards::catalogue))
        .routes(routes!(rewards::redeem))
        .routes(routes!(rewards::wallet))
        .routes(routes!(growth::save))
        .routes(routes!(growth::mine))
        .routes(routes!(growth::claim_referral))
        .routes(routes!(growth::offers))
        .routes(routes!(growth::claim))
}
