//! 404 for paths the app does not know.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::prefs::use_strings;
use crate::routes::Page;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let s = use_strings();
    view! {
        <main id="main" class="page">
            <div class="empty" data-state="not-found">
                <h1>{move || s().not_found_title}</h1>
                <p>{move || s().not_found_body}</p>
                <A href=Page::Home.path() attr:class="button primary">{move || s().back_home}</A>
            </div>
        </main>
    }
}
