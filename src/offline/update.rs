//! The service worker (app shell offline) and the "new version" prompt.
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::prefs::use_strings;

#[wasm_bindgen(module = "/src/offline/sw.js")]
extern "C" {
    fn register(on_update: &Closure<dyn Fn()>) -> bool;
    #[wasm_bindgen(js_name = applyUpdate)]
    fn apply_update();
}

/// Registers the service worker; the prompt shows when a new version is waiting.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let s = use_strings();
    let available = RwSignal::new(false);
    let on_update = Closure::<dyn Fn()>::new(move || available.set(true));
    register(&on_update);
    on_update.forget();
    move || {
        available.get().then(|| {
            view! {
                <div class="toast update" role="status" data-testid="update-prompt">
                    <p>{move || s().update_available}</p>
                    <button class="button small" on:click=move |_| apply_update()>{move || s().update_reload}</button>
                </div>
            }
        })
    }
}
