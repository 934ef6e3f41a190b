//! The portal's REST contract and its pure domain rules.
//!
//! Everything here compiles for wasm32 (the portal) and the host (the server, native tests);
//! no server dependency may enter. Wire types derive `utoipa::ToSchema` only with the
//! `openapi` feature, which the server enables to publish `/api/openapi.json`.

pub mod admin;
pub mod articles;
pub mod auth;
pub mod barcode;
pub mod boot;
pub mod campaigns;
pub mod drugs;
pub mod error;
pub mod family;
pub mod feedback;
pub mod health;
pub mod home;
pub mod host;
pub mod markdown;
pub mod member;
pub mod numbers;
pub mod points;
pub mod prescriptions;
pub mod referral;
pub mod rewards;
pub mod safety;
pub mod schedule;
pub mod staff;
pub mod surveys;
pub mod tier;

pub use error::{ErrorBody, ErrorDetail};

/// Prefix of every versioned endpoint.
pub const API_PREFIX: &str = "/api/v1";
