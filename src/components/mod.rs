//! Pieces shared by several screens.
pub mod ask_form;
pub mod barcode;
pub mod chunk_view;
pub mod drug_card;
pub mod form_error;
pub mod handoff;
pub mod qr;
pub mod safety_warnings;
pub mod states;
pub mod tab_bar;
pub mod tier_progress;

pub use ask_form::AskForm;
pub use barcode::Barcode;
pub use drug_card::DrugCard;
pub use form_error::FormError;
pub use handoff::{CheckoutButton, ShareButton};
pub use qr::QrCode;
pub use safety_warnings::SafetyWarnings;
pub use states::{remote, Empty, ErrorView, Loading};
pub use tab_bar::TabBar;
pub use tier_progress::TierProgress;

/// Marks the element whose first paint means "the screen's data is visible" (Element Timing
/// API, `elementtiming="data-visible"`): what `make bench` times, here and in the static copy.
pub fn data_visible() -> impl leptos::attr::Attribute {
    leptos::tachys::html::attribute::custom::custom_attribute("elementtiming", "data-visible")
}
