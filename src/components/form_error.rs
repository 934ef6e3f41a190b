//! Why a form's last send failed, worded for the member: offline (nothing typed is lost) or
//! the server's reason.
use leptos::prelude::*;

use crate::client::ApiError;
use crate::i18n::fill;

/// Shows `offline` when the network was gone, else `failed` with the server's message in
/// place of `{}`; nothing while `error` is `None`.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(into)] offline: Signal<&'static str>,
    #[prop(into)] failed: Signal<&'static str>,
) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let text = match e {
                ApiError::Offline => offline.get().to_string(),
                ApiError::Http { message, .. } => fill(failed.get(), &[&message]),
            };
            view! { <p class="error" role="alert">{text}</p> }
        })
    }
}
