//! Display preferences (language, large text): persisted in localStorage (they are not
//! personal data) and applied to `<html>` so CSS and screen readers follow them.
use leptos::prelude::*;

use crate::i18n::{Locale, Strings};

/// Shared with boot.js, which picks the same language before the wasm loads.
const LOCALE_KEY: &str = api::boot::LOCALE_KEY;
const LARGE_TEXT_KEY: &str = "portal.largeText";

/// Reactive preferences, provided as context by the app.
#[derive(Clone, Copy)]
pub struct Prefs {
    pub locale: RwSignal<Locale>,
    pub large_text: RwSignal<bool>,
}

impl Prefs {
    /// Reads stored choices (falling back to the browser language, then zh-CN) and keeps
    /// storage and `<html lang>` / `<html class>` in step with later changes.
    pub fn init() -> Self {
        let stored = storage_get(LOCALE_KEY).and_then(|t| Locale::from_tag(&t));
        let browser = window().navigator().language().and_then(|t| Locale::from_tag(&t));
        let locale = RwSignal::new(stored.or(browser).unwrap_or(Locale::Zh));
        let large_text = RwSignal::new(storage_get(LARGE_TEXT_KEY).as_deref() == Some("1"));
        Effect::new(move |_| {
            let l = locale.get();
            storage_set(LOCALE_KEY, l.tag());
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", l.tag());
            }
            document().set_title(l.strings().app_name);
        });
        Effect::new(move |_| {
            let on = large_text.get();
            storage_set(LARGE_TEXT_KEY, if on { "1" } else { "0" });
            if let Some(html) = document().document_element() {
                let _ = html.class_list().toggle_with_force("large-text", on);
            }
        });
        Self { locale, large_text }
    }
}

/// The preferences from context.
pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}

/// The current language's strings, reactively: call it inside a closure in `view!`.
pub fn use_strings() -> impl Fn() -> &'static Strings + Copy {
    let locale = use_prefs().locale;
    move || locale.get().strings()
}

/// A screen's own string table in the current language (for tables kept beside the screen).
pub fn use_localized<T: Sync + 'static>(zh: &'static T, en: &'static T) -> impl Fn() -> &'static T + Copy {
    let locale = use_prefs().locale;
    move || if locale.get() == crate::i18n::Locale::En { en } else { zh }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        // Private mode or a full quota: the choice lasts for this visit only.
        let _ = s.set_item(key, value);
    }
}
