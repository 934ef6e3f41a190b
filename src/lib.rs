//! The pharmacy member portal: a Leptos client-side-rendered app.
//!
//! Layout: `app` (router, layout, auth guard) · `routes` (typed paths) · `pages/` (one per
//! route) · `components/` (shared pieces) · `client` (the one typed API client) ·
//! `lazy` (screens fetched on first use) · `session` (who is signed in) · `offline` (encrypted device store) ·
//! `schedule_sync` (the schedule on the device and its outbox) · `staff/` (the staff console, its own chunk) · `prefs` (language, large text) · `i18n` (strings) · `format`.

pub mod app;
pub mod bridge;
pub mod client;
pub mod components;
pub mod early;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod lazy;
pub mod offline;
pub mod pages;
pub mod prefs;
pub mod reminders;
pub mod routes;
pub mod schedule_sync;
pub mod session;
pub mod staff;
pub mod upload;

pub use app::App;

/// Replaces the static skeleton in `#app` with the live app.
pub fn mount() {
    use wasm_bindgen::JsCast;
    let root =
        leptos::prelude::document().get_element_by_id("app").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            root.set_inner_html("");
            leptos::mount::mount_to(root, App).forget();
        }
        None => leptos::mount::mount_to_body(App),
    }
}
