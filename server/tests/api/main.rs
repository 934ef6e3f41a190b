//! The server's integration tests, one module per area, in one test binary: each of them
//! used to be its own binary linking the whole server (22 links per build). They run the real
//! app on port 0 with a fresh database (SQLite, or PostgreSQL when `PORTAL_TEST_PG` is set).
//! `cargo test -p server --test api -- schedule::` runs one area.
mod helpers;

mod articles;
mod auth;
mod authorization;
mod benefits;
mod errors;
mod family;
mod feedback;
mod growth;
mod handoff;
mod health;
mod member;
mod ocr_wake;
mod orders;
mod prescriptions;
mod privacy;
mod resilience;
mod rewards;
mod scale_out;
mod schedule;
mod schema;
mod security;
mod staff;
mod static_files;
mod surveys;
