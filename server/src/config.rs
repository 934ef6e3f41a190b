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

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines (development).
    Text,
    /// One JSON object per line with the request id (log collectors).
    Json,
}

/// Reference backend for the pharmacy member portal.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "server", version, about)]
pub struct Config {
    /// Without a command the server serves; `backup` and `restore` work on `--data-dir`.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "PORTAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Directory for the SQLite database (`portal.db`, when no `--database-url` is set),
    /// OCR scratch files and, by default, uploads; created if missing.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// `postgres://user@host/db` to share one PostgreSQL database between instances; unset:
    /// the embedded SQLite file in `--data-dir` (one instance).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Where uploaded pages and photos are stored; instances sharing a database must share
    /// this directory too (NFS, a mounted volume). Default: `<data-dir>/uploads`.
    #[arg(long, env = "PORTAL_UPLOADS_DIR")]
    pub uploads_dir: Option<PathBuf>,
    /// `json` for log collectors (one object per line, with the request id); `text` to read.
    #[arg(long, env = "PORTAL_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// OCR workers this process runs beside the API; 0 when `server ocr-worker` processes
    /// do the OCR.
    #[arg(long, env = "PORTAL_OCR_WORKERS", default_value_t = 1)]
    pub ocr_workers: usize,
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
    /// Bearer token for `/api/v1/admin/*`: the shop's systems (orders, members, staff accounts,
    /// hand-off codes); people sign in to `/staff` with their own accounts. Unset:
    /// admin endpoints refuse every request. Dev mode defaults to `dev-admin-token`.
    #[arg(long, env = "PORTAL_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Seconds OCR may spend on one page before the attempt fails (and is retried).
    #[arg(long, env = "PORTAL_OCR_TIMEOUT_SECS", default_value_t = 60)]
    pub ocr_timeout_secs: u64,
    /// Dev mode only: an automatic pharmacist decides prescriptions in review after this
    /// many seconds while no pharmacist has the staff console open. Production never
    /// auto-decides: pharmacists decide in the console (`/staff`).
    #[arg(long, env = "PORTAL_AUTO_REVIEW_SECS", default_value_t = 3)]
    pub auto_review_secs: u64,
    /// CSP `frame-ancestors`: who may show the portal inside a frame. A mini-program web-view
    /// is not a frame; set e.g. `'self' https://shop.example` if a web page embeds it.
    #[arg(long, env = "PORTAL_FRAME_ANCESTORS", default_value = "'none'", value_parser = crate::http::headers::parse_frame_ancestors)]
    pub frame_ancestors: String,
    /// Behind a reverse proxy: take the client address for rate limits from the last
    /// `X-Forwarded-For` hop. Off: the TCP peer (a client could otherwise forge its address).
    #[arg(long, env = "PORTAL_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// 64 hex characters: encrypts stored prescription pages and feedback photos at rest
    /// (AES-256-GCM). Unset: files are stored as they are (the data directory's own
    /// protection applies). Files written before a key was set stay readable.
    #[arg(long, env = "PORTAL_UPLOAD_KEY", hide_env_values = true, value_parser = crate::store::uploads::parse_key)]
    pub upload_key: Option<crate::store::uploads::UploadKey>,
    /// 64 hex characters: the secret that lookup hashes of phone numbers and addresses (rate
    /// limits, pending login and caregiver codes) are keyed with; the same on every instance. Required in
    /// production; dev mode generates one into `<data-dir>/hash.key`.
    #[arg(long, env = "PORTAL_HASH_KEY", hide_env_values = true, value_parser = crate::store::keyed_hash::parse_hash_key)]
    pub hash_key: Option<crate::store::keyed_hash::HashKey>,
    /// Overrides of the brute-force limits, `name=max/seconds` comma-separated (names:
    /// code:phone 5/3600, code:ip 30/3600, login:phone 10/900, login:ip 50/900, exchange:ip
    /// 60/900, the defaults).
    #[arg(long, env = "PORTAL_RATE_LIMITS", default_value = "", value_parser = crate::auth::rate_limit::parse_limits)]
    pub rate_limits: crate::auth::rate_limit::Limits,
    /// Referral vouchers one member can earn per calendar year (bring-a-friend anti-abuse).
    #[arg(long, env = "PORTAL_REFERRAL_CAP_PER_YEAR", default_value_t = api::referral::DEFAULT_YEARLY_CAP)]
    pub referral_cap_per_year: u32,
    /// Tests only, dev mode only: die at this named point ([`crate::crash`]).
    #[arg(long, hide = true)]
    pub crash_point: Option<String>,
}

/// Maintenance commands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Online backup of the database (SQLite or PostgreSQL) and stored files into a new
    /// directory (the servers may keep running).
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Runs OCR workers only (no HTTP): claims jobs from the shared database until stopped.
    OcrWorker {
        /// Jobs this process works on at once.
        #[arg(long, default_value_t = 1)]
        concurrency: usize,
    },
    /// Restores a backup into `--data-dir` (SQLite) or `--database-url` (PostgreSQL); stop
    /// the servers first. Checks every checksum before writing anything.
    Restore {
        #[arg(long)]
        from: PathBuf,
        /// Replace a database that is already there.
        #[arg(long)]
        force: bool,
    },
}

impl Config {
    /// Settings for tests: port 0, the given data dir, dev mode.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            command: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            database_url: None,
            uploads_dir: None,
            ocr_workers: 1,
            log_format: LogFormat::Text,
            static_dir: PathBuf::from("dist"),
            mode: Mode::Dev,
            session_ttl_secs: 3600,
            code_ttl_secs: 300,
            admin_token: Some(DEV_ADMIN_TOKEN.to_string()),
            ocr_timeout_secs: 60,
            auto_review_secs: 1,
            frame_ancestors: "'none'".into(),
            trust_proxy: false,
            upload_key: None,
            hash_key: None,
            rate_limits: crate::auth::rate_limit::Limits::default(),
            referral_cap_per_year: api::referral::DEFAULT_YEARLY_CAP,
            crash_point: None,
        }
    }

    /// The admin token in force: the configured one, or the dev default in dev mode.
    pub fn admin_token(&self) -> Option<&str> {
        self.admin_token.as_deref().or(self.is_dev().then_some(DEV_ADMIN_TOKEN))
    }

    /// Where stored files live.
    pub fn uploads_dir(&self) -> PathBuf {
        self.uploads_dir.clone().unwrap_or_else(|| self.data_dir.join("uploads"))
    }

    pub fn is_dev(&self) -> bool {
        self.mode == Mode::Dev
    }

    /// Secure cookies need HTTPS; dev serves plain HTTP on loopback.
    pub fn secure_cookies(&self) -> bool {
        !self.is_dev()
    }
}
