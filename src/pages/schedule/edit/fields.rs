//! The form's inputs: a labelled text input, and the name field's dictionary suggestions.
use leptos::prelude::*;

use crate::client;

/// A labelled input bound to a signal.
#[component]
pub fn Field(
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] list: &'static str,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input id=id name=id type=kind required=required inputmode=(!inputmode.is_empty()).then_some(inputmode)
            list=(!list.is_empty()).then_some(list) autocomplete=(!list.is_empty()).then_some("off")
            prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
    }
}

/// Suggestions for the name field from the drug dictionary (generic names, and the generic
/// behind a brand or pinyin initials typed). Offline there are none; typing still works.
#[component]
pub fn DrugNames(query: RwSignal<String>) -> impl IntoView {
    let names = RwSignal::new(Vec::<String>::new());
    // Asks after the member pauses, and only the answer to the latest text is shown.
    let latest = StoredValue::new(String::new());
    Effect::new(move |_| {
        let q = query.get().trim().to_string();
        latest.set_value(q.clone());
        if q.chars().count() < 2 {
            names.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            sleep_ms(300).await;
            if latest.get_value() != q {
                return;
            }
            if let Ok(found) = client::search_drugs(&q).await {
                if latest.get_value() == q {
                    names.set(found.into_iter().take(8).map(|d| d.zh).collect());
                }
            }
        });
    });
    view! {
        <datalist id="drug-names">
            {move || names.get().into_iter().map(|n| view! { <option value=n/> }).collect_view()}
        </datalist>
    }
}

/// Resolves after `ms` milliseconds (a debounce without another dependency).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
