//! Command-line flags and environment variables (`server --help` lists them).
use std::net::SocketAddr;
use std::path::PathBuf;

/// The admin token dev mode uses when none is configured (printed at start-up).
pub const DEV_ADMIN_TOKEN: &str = "dev-admin-token";

/// Dev mode seeds demo members with a fixed login code and returns codes in responses
/// (there is no SMS gateway); production does neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    Dev,
    Production,
}

/// Reference backend for the pharmacy member portal.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "server", version, about)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "PORTAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory for the SQLite database (`portal.db`), created if missing.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Directory holding the built portal (Trunk's `dist/`); served at `/`.
    #[arg(long, env = "PORTAL_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,
    /// `dev` seeds demo members and returns login codes; `production` never does.
    #[arg(long, env = "PORTAL_MODE", value_enum, default_value = "production")]
    pub mode: Mode,
    /// Session lifetime in seconds.
    #[arg(long, env = "PORTAL_SESSION_TTL_SECS", default_value_t = 14 * 24 * 3600)]
    pub session_ttl_secs: i64,
    /// Login code lifetime in seconds.
    #[arg(long, env = "PORTAL_CODE_TTL_SECS", default_value_t = 300)]
    pub code_ttl_secs: i64,
    /// Bearer token for `/api/v1/admin/*` (order completion from the shop system). Unset:
    /// admin endpoints refuse every request. Dev mode defaults to `dev-admin-token`.
    #[arg(long, env = "PORTAL_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Seconds OCR may spend on one page before the attempt fails (and is retried).
    #[arg(long, env = "PORTAL_OCR_TIMEOUT_SECS", default_value_t = 60)]
    pub ocr_timeout_secs: u64,
    /// Dev mode only: an automatic pharmacist decides prescriptions in review after this
    /// many seconds. Production never auto-decides; pharmacists use the admin endpoints.
    #[arg(long, env = "PORTAL_AUTO_REVIEW_SECS", default_value_t = 3)]
    pub auto_review_secs: u64,
    /// CSP `frame-ancestors`: who may show the portal inside a frame. A mini-program web-view
    /// is not a frame; set e.g. `'self' https://shop.example` if a web page embeds it.
    #[arg(long, env = "PORTAL_FRAME_ANCESTORS", default_value = "'none'", value_parser = crate::headers::parse_frame_ancestors)]
    pub frame_ancestors: String,
}

impl Config {
    /// Settings for tests: port 0, the given data dir, dev mode.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            static_dir: PathBuf::from("dist"),
            mode: Mode::Dev,
            session_ttl_secs: 3600,
            code_ttl_secs: 300,
            admin_token: Some(DEV_ADMIN_TOKEN.to_string()),
            ocr_timeout_secs: 60,
            auto_review_secs: 1,
            frame_ancestors: "'none'".into(),
        }
    }

    /// The admin token in force: the configured one, or the dev default in dev mode.
    pub fn admin_token(&self) -> Option<&str> {
        self.admin_token.as_deref().or(self.is_dev().then_some(DEV_ADMIN_TOKEN))
    }

    pub fn is_dev(&self) -> bool {
        self.mode == Mode::Dev
    }

    /// Secure cookies need HTTPS; dev serves plain HTTP on loopback.
    pub fn secure_cookies(&self) -> bool {
        !self.is_dev()
    }
}
