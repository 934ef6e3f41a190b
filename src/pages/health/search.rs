//! 查药品: the dictionary by name, brand or pinyin initials, with the pharmacist's note and
//! storage advice. Offline it searches the medicines on the member's schedule, whose
//! dictionary entries the device already holds.
use api::health::DrugInfo;
use leptos::prelude::*;

use super::strings::use_health_strings;
use crate::client::{self, ApiError};
use crate::components::DrugCard;
use crate::components::{Empty, ErrorView, Loading};
use crate::schedule_sync::use_schedule;

#[derive(Clone, PartialEq)]
enum Results {
    None,
    Busy,
    Found(Vec<DrugInfo>),
    /// Found on the device while offline.
    Offline(Vec<DrugInfo>),
    Failed(ApiError),
}

#[component]
pub fn MedicineSearchPage() -> impl IntoView {
    let h = use_health_strings();
    let sync = use_schedule();
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(Results::None);
    let search = move || {
        let q = query.get_untracked();
        if q.trim().is_empty() {
            results.set(Results::None);
            return;
        }
        results.set(Results::Busy);
        leptos::task::spawn_local(async move {
            results.set(match client::search_drugs(&q).await {
                Ok(found) => Results::Found(found),
                Err(ApiError::Offline) => {
                    let held: Vec<DrugInfo> = sync.synced.with_untracked(|x| {
                        x.as_ref()
                            .map(|x| x.view.medications.iter().filter_map(|m| m.drug.clone()).collect())
                            .unwrap_or_default()
                    });
                    let mut found: Vec<DrugInfo> = held.into_iter().filter(|d| d.matches(&q)).collect();
                    found.dedup_by(|a, b| a.zh == b.zh);
                    Results::Offline(found)
                }
                Err(e) => Results::Failed(e),
            });
        });
    };
    view! {
        <h1>{move || h().search_title}</h1>
        <form class="card form" role="search" on:submit=move |ev| { ev.prevent_default(); search(); }>
            <label class="field" for="drug-query">
                <span>{move || h().search_label}</span>
                <span class="muted small block">{move || h().search_hint}</span>
            </label>
            <input id="drug-query" type="search" autocomplete="off" prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))/>
            <button type="submit" class="button primary">{move || h().search_button}</button>
        </form>
        <div aria-live="polite" data-testid="drug-results">
            {move || match results.get() {
                Results::None => ().into_any(),
                Results::Busy => view! { <Loading/> }.into_any(),
                Results::Failed(error) => view! { <ErrorView error on_retry=move |_| search()/> }.into_any(),
                Results::Found(found) => list(found, false),
                Results::Offline(found) => list(found, true),
            }}
        </div>
    }
}

fn list(found: Vec<DrugInfo>, offline: bool) -> AnyView {
    let h = use_health_strings();
    view! {
        {offline.then(|| view! { <p class="banner offline">{move || h().offline_search}</p> })}
        {if found.is_empty() {
            view! { <Empty message=Signal::derive(move || h().no_results.to_string())/> }.into_any()
        } else {
            found.into_iter().map(|info| view! { <DrugCard info/> }).collect_view().into_any()
        }}
    }
    .into_any()
}
