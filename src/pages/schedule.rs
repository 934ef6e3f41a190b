//! Schedule: the member's medications and their daily times.
use leptos::prelude::*;

use crate::client;
use crate::components::{remote, Empty};
use crate::prefs::use_strings;

#[component]
pub fn SchedulePage() -> impl IntoView {
    let s = use_strings();
    let meds = LocalResource::new(client::medications);
    view! {
        <h1>{move || s().schedule_title}</h1>
        {remote(meds, move |meds| {
            if meds.is_empty() {
                return view! { <Empty message=Signal::derive(move || s().schedule_none.to_string())/> }.into_any();
            }
            meds.into_iter().map(|m| view! {
                <section class="card med">
                    <h3>{m.name}<span class="muted small">" "{m.strength}</span></h3>
                    <p>{m.dose}</p>
                    <p class="times">{m.times.into_iter().map(|t| view! { <span class="chip">{t}</span> }).collect_view()}</p>
                    {m.storage_note.map(|n| view! {
                        <p class="storage"><strong>{move || s().storage}": "</strong>{n}</p>
                    })}
                </section>
            }).collect_view().into_any()
        })}
    }
}
