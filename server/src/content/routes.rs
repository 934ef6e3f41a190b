//! Content's HTTP handlers.
pub mod articles;
pub mod feedback;
pub mod surveys;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// This domain's routes, each registered and documented in one place (its `#[utoipa::path]`).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(articles::list))
        .routes(routes!(articles::bookmarks))
        .routes(routes!(articles::detail))
        .routes(routes!(articles::bookmark, articles::unbookmark))
        .routes(routes!(surveys::next))
        .routes(routes!(surveys::answer))
        .routes(routes!(surveys::dismiss))
        .routes(routes!(feedback::photo))
        .merge(OpenApiRouter::new().routes(routes!(feedback::mine, feedback::create)).layer(photo_limit()))
}

/// A feedback photo at its largest plus the text fields.
fn photo_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(api::prescriptions::limits::MAX_PAGE_BYTES + 64 * 1024)
}
