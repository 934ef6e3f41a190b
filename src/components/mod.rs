//! Pieces shared by several screens.
pub mod barcode;
pub mod form_error;
pub mod handoff;
pub mod qr;
pub mod states;
pub mod tab_bar;
pub mod tier_progress;

pub use barcode::Barcode;
pub use form_error::FormError;
pub use handoff::{CheckoutButton, ShareButton};
pub use qr::QrCode;
pub use states::{remote, Empty, ErrorView, Loading};
pub use tab_bar::TabBar;
pub use tier_progress::TierProgress;

/// Marks the element whose first paint means "the screen's data is visible" (Element Timing
/// API, `elementtiming="data-visible"`): what `make bench` times, here and in the static copy.
pub fn data_visible() -> impl leptos::attr::Attribute {
    leptos::tachys::html::attribute::custom::custom_attribute("elementtiming", "data-visible")
}
