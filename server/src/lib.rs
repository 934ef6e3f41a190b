//! Reference backend for the pharmacy member portal.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests run the real app on port 0
//! with a fresh database; [`serve`] adds graceful shutdown.
use std::sync::Arc;

use api::error::codes;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Request, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use utoipa_axum::router::OpenApiRouter;

pub mod account;
pub mod admin;
pub mod auth;
pub mod config;
pub mod content;
pub mod crash;
pub mod family;
pub mod health;
pub mod home;
pub mod http;
pub mod loyalty;
pub mod prescriptions;
pub mod privacy;
pub mod schedule;
pub mod seed;
pub mod staff;
pub mod store;

#[cfg(test)]
mod layout;

pub use config::{Config, Mode};
pub use http::error::Error;

use auth::rate_limit;
use http::{headers, static_files};
use loyalty::{benefits, earning};
use prescriptions::ocr;
use schedule::feeds;
use store::{at_rest, files, keyed_hash, pending_files, uploads};

/// Largest JSON body the API accepts; uploads get their own limit on their own routes.
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

/// Shared by every handler: configuration, the database pool and stored files. Nothing
/// else is kept in memory between requests, so any instance can answer any request.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: store::Db,
    pub uploads: uploads::Uploads,
    /// The OCR engine the worker uses (Tesseract unless a deployment plugs in another).
    pub ocr: Arc<dyn ocr::OcrEngine>,
    /// Rung on each upload so the worker starts at once instead of at its next poll.
    pub ocr_wake: Arc<tokio::sync::Notify>,
    /// The key of lookup hashes of personal data ([`keyed_hash`]).
    pub hash_key: keyed_hash::HashKey,
}

/// How long a stored file may stay unowned before the sweep removes it: longer than any
/// upload takes, so another instance's upload in progress is never touched.
pub const PENDING_FILE_GRACE_SECS: i64 = 3600;

impl AppState {
    /// The key that health text and stored files are encrypted with at rest, if one is set.
    pub fn at_rest(&self) -> Option<&at_rest::UploadKey> {
        self.uploads.key.as_ref()
    }

    /// Opens the database (migrating it) and, in dev mode, seeds the demo data; runs the
    /// start-up housekeeping. Instances starting together take turns (a database lock).
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        let state = Self::open(config).await?;
        let db = &state.db;
        let startup = async {
            if state.config.is_dev() {
                seed::seed_demo(db).await?;
            }
            housekeeping(db).await
        };
        store::one_at_a_time(db, store::LOCK_HOUSEKEEPING, startup).await?;
        let swept = uploads::sweep(&state.config.data_dir, &state.config.uploads_dir())
            + pending_files::sweep(db, &state.uploads, PENDING_FILE_GRACE_SECS).await?;
        if swept > 0 {
            tracing::info!(swept, "removed files left by an earlier crash");
        }
        Ok(state)
    }

    /// Opens the database (migrating it) without seeding: what an OCR worker process needs.
    pub async fn open(config: Config) -> anyhow::Result<Self> {
        let db = store::open(config.database_url.as_deref(), &config.data_dir).await?;
        let ocr = Arc::new(ocr::tesseract::Tesseract::new(std::time::Duration::from_secs(config.ocr_timeout_secs)));
        let files = Arc::new(files::LocalDir { root: config.uploads_dir() });
        let uploads = uploads::Uploads { files, key: config.upload_key.clone() };
        let hash_key = keyed_hash::resolve(config.hash_key.as_ref(), config.is_dev(), &config.data_dir)?;
        let ocr_wake = Arc::new(tokio::sync::Notify::new());
        Ok(Self { config: Arc::new(config), db, uploads, ocr, ocr_wake, hash_key })
    }

    /// Starts `n` OCR workers and, on PostgreSQL when `n > 0`, the task that wakes them when
    /// another process queues a job.
    pub fn spawn_ocr_workers(&self, n: usize) -> OcrWorkers {
        let (stop, stopping) = tokio::sync::watch::channel(false);
        let workers = (0..n).map(|_| tokio::spawn(self.ocr_worker().run(stopping.clone()))).collect();
        let wake_listener = match &self.config.database_url {
            Some(url) if n > 0 && store::backend(&self.db) == store::Backend::Postgres => {
                Some(tokio::spawn(ocr::wake::listen(url.clone(), self.ocr_wake.clone())))
            }
            _ => None,
        };
        OcrWorkers { stop, workers, wake_listener }
    }

    /// The OCR worker (and dev mode's automatic review) for this state.
    pub fn ocr_worker(&self) -> ocr::worker::Worker {
        ocr::worker::Worker {
            db: self.db.clone(),
            data_dir: self.config.data_dir.clone(),
            uploads: self.uploads.clone(),
            engine: self.ocr.clone(),
            wake: self.ocr_wake.clone(),
            auto_review_after: self
                .config
                .is_dev()
                .then(|| std::time::Duration::from_secs(self.config.auto_review_secs)),
        }
    }
}

/// Every `/api/v1` route, merged from each domain's router, with its OpenAPI operations.
pub fn api_v1() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(auth::routes::router())
        .merge(account::routes::router())
        .merge(home::routes::router())
        .merge(loyalty::routes::router())
        .merge(schedule::routes::router())
        .merge(prescriptions::routes::router())
        .merge(health::routes::router())
        .merge(family::routes::router())
        .merge(content::routes::router())
        .merge(staff::routes::router())
        .merge(admin::routes::router())
}

/// The OpenAPI document of [`api_v1`], as `GET /api/openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    http::openapi::finish(http::openapi::ApiDoc::openapi(), api_v1().into_openapi())
}

/// The whole application: API, OpenAPI document, health check and the built portal.
pub fn app(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let (v1, routes) = api_v1().split_for_parts();
    let document = http::openapi::finish(<http::openapi::ApiDoc as utoipa::OpenApi>::openapi(), routes);
    let document = axum::body::Bytes::from(serde_json::to_vec(&document).expect("the OpenAPI document serialises"));
    let api = v1
        .route(
            "/api/openapi.json",
            get(move || std::future::ready(([(header::CONTENT_TYPE, "application/json")], document.clone()))),
        )
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        // API answers are personal: never cached by shared caches or the browser's disk cache.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    let config = state.config.clone();
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .nest("/api", Router::new().fallback(api_not_found))
        .merge(api)
        .fallback(static_files::service(&state.config.static_dir))
        .with_state(state)
        .layer(CompressionLayer::new());
    headers::apply(router, &config)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        // Spans carry method, path (never the query: it may hold a login code) and request id.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("http", method = %req.method(), path = %feeds::redact(req.uri().path()), request_id = %id)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Liveness for a load balancer: 200 when this instance reaches the database, 503 when it
/// does not (the balancer then sends members to another instance).
async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> (StatusCode, &'static str) {
    match within_2s(sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&state.db)).await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(unavailable) => unavailable,
    }
}

/// Readiness: the database answers and every migration this build knows is applied (a new
/// instance is not sent traffic while an older schema is still being migrated).
async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> (StatusCode, &'static str) {
    match within_2s(store::pending_migrations(&state.db)).await {
        Ok(0) => (StatusCode::OK, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(unavailable) => unavailable,
    }
}

/// A database check with a deadline; a failure is the 503 a health check answers.
async fn within_2s<T>(
    check: impl std::future::Future<Output = sqlx::Result<T>>,
) -> Result<T, (StatusCode, &'static str)> {
    match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database unreachable");
            Err((StatusCode::SERVICE_UNAVAILABLE, "database unavailable"))
        }
        Err(_) => Err((StatusCode::SERVICE_UNAVAILABLE, "database timed out")),
    }
}

async fn api_not_found() -> (StatusCode, Json<api::ErrorBody>) {
    (StatusCode::NOT_FOUND, Json(api::ErrorBody::new(codes::NOT_FOUND, "no such endpoint")))
}

async fn method_not_allowed() -> (StatusCode, Json<api::ErrorBody>) {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(api::ErrorBody::new(codes::METHOD_NOT_ALLOWED, "method not allowed on this endpoint")),
    )
}

/// Idempotent periodic work: expired points into histories, benefit coupons into wallets,
/// old hand-off codes out.
pub async fn housekeeping(db: &store::Db) -> anyhow::Result<()> {
    earning::record_expiries(db).await.map_err(|e| anyhow::anyhow!("recording expired points: {e}"))?;
    benefits::issue_due(db).await.map_err(|e| anyhow::anyhow!("issuing benefit coupons: {e}"))?;
    rate_limit::prune(db).await.map_err(|e| anyhow::anyhow!("pruning rate limits: {e}"))?;
    // Spent or expired hand-off codes are worthless; a day's grace keeps them for inquiries.
    sqlx::query("DELETE FROM handoff_codes WHERE expires_at < $1").bind(store::now() - 86_400).execute(db).await?;
    Ok(())
}

/// Serves until Ctrl-C or SIGTERM, letting in-flight requests finish.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    // Hourly: record expired points, issue benefit coupons that came due (month/year turns).
    let db = state.db.clone();
    let dirs = (state.config.data_dir.clone(), state.config.uploads_dir());
    let uploads = state.uploads.clone();
    let expiries = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        every.tick().await; // the first tick is immediate; start-up already ran it
        loop {
            every.tick().await;
            if let Err(e) = store::one_at_a_time(&db, store::LOCK_HOUSEKEEPING, housekeeping(&db)).await {
                tracing::error!(error = ?e, "housekeeping");
            }
            let (data, files) = dirs.clone();
            let _ = tokio::task::spawn_blocking(move || uploads::sweep(&data, &files)).await;
            if let Err(e) = pending_files::sweep(&db, &uploads, PENDING_FILE_GRACE_SECS).await {
                tracing::error!(error = ?e, "sweeping pending files");
            }
        }
    });
    let ocr = state.spawn_ocr_workers(state.config.ocr_workers);
    // The peer address feeds the per-address login limits.
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await;
    expiries.abort();
    ocr.stop().await;
    served?;
    Ok(())
}

/// OCR workers running in this process ([`AppState::spawn_ocr_workers`]).
pub struct OcrWorkers {
    stop: tokio::sync::watch::Sender<bool>,
    workers: Vec<tokio::task::JoinHandle<()>>,
    wake_listener: Option<tokio::task::JoinHandle<()>>,
}

impl OcrWorkers {
    /// Tells the workers to stop and waits (a few seconds at most) while they hand back
    /// their jobs.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Some(l) = self.wake_listener {
            l.abort();
        }
        let all = async {
            for w in self.workers {
                let _ = w.await;
            }
        };
        if tokio::time::timeout(std::time::Duration::from_secs(5), all).await.is_err() {
            // A job not handed back in time keeps its lease until it runs out, then any worker takes it.
            tracing::warn!("OCR workers did not stop in time");
        }
    }
}

/// `server ocr-worker`: `concurrency` workers on the shared queue until Ctrl-C or SIGTERM.
/// A job in hand at the stop goes back to the queue at once for another worker.
pub async fn run_ocr_workers(state: AppState, concurrency: usize) -> anyhow::Result<()> {
    let ocr = state.spawn_ocr_workers(concurrency.max(1));
    shutdown_signal().await;
    ocr.stop().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
