//! Pieces shared by several screens.
pub mod barcode;
pub mod handoff;
pub mod states;
pub mod tab_bar;
pub mod tier_progress;

pub use barcode::Barcode;
pub use handoff::{CheckoutButton, ShareButton};
pub use states::{remote, Empty, ErrorView, Loading};
pub use tab_bar::TabBar;
pub use tier_progress::TierProgress;
