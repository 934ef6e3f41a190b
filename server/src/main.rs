use clap::Parser;
use server::config::{Command, LogFormat};
use server::{seed, AppState, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match config.log_format {
        // One JSON object per line, span fields (request id, method, path) included.
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
        LogFormat::Text => logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout())).init(),
    }
    if let (true, Some(point)) = (config.is_dev(), &config.crash_point) {
        server::crash::arm(point);
    }
    match &config.command {
        Some(Command::Backup { to }) => {
            let db = server::store::open(config.database_url.as_deref(), &config.data_dir).await?;
            let m = server::store::backup::backup(&db, &config, to).await?;
            println!(
                "backup written to {}: database + {} files ({} deleted during the backup)",
                to.display(),
                m.files.len(),
                m.missing.len()
            );
            return Ok(());
        }
        Some(Command::Restore { from, force }) => {
            let m = server::store::backup::restore(from, &config, *force).await?;
            println!(
                "restored into {}: database + {} files, checksums verified",
                config.data_dir.display(),
                m.files.len()
            );
            return Ok(());
        }
        Some(Command::OcrWorker { concurrency }) => {
            let mut config = config.clone();
            if config.hash_key.is_none() {
                // A worker computes no lookup hash: it needs no shared key (any key will do).
                config.hash_key = Some(server::store::keyed_hash::HashKey::generate());
            }
            let state = AppState::open(config).await?;
            tracing::info!(concurrency, "OCR worker started");
            return server::run_ocr_workers(state, *concurrency).await;
        }
        None => {}
    }
    let dev = config.is_dev();
    let state = AppState::new(config.clone()).await?;
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    if !config.static_dir.join("index.html").exists() {
        tracing::warn!(dir = %config.static_dir.display(), "no built portal here; only the API is served");
    }
    println!("Member portal: http://{addr}/   (health: http://{addr}/healthz, API: http://{addr}/api/openapi.json)");
    if dev {
        println!("Dev mode. Demo members (login code {} for each):", seed::DEMO_CODE);
        for m in &seed::DEMO_MEMBERS {
            println!("  {}  {}  ({})", m.phone, m.name, m.tier_en);
        }
        println!("Staff console: http://{addr}/staff  (same code; a pharmacist signed in there decides prescriptions,");
        println!("  otherwise dev mode's automatic review does after {} s)", config.auto_review_secs);
        for (_, phone, name, role) in &seed::DEMO_STAFF {
            println!("  {phone}  {name}  ({})", role.as_str());
        }
        if config.admin_token.is_none() {
            println!("Admin token (POST /api/v1/admin/orders): {}", server::config::DEV_ADMIN_TOKEN);
            println!(
                "Open as the mini-program would (one-time code, 60 s): curl -s -X POST -H 'authorization: Bearer {}' \\\n    -H 'content-type: application/json' -d '{{\"phone\":\"13800000003\"}}' http://{addr}/api/v1/admin/handoff-codes\n  then http://{addr}/?code=<code>",
                server::config::DEV_ADMIN_TOKEN
            );
        }
    }
    server::serve(listener, state).await
}
