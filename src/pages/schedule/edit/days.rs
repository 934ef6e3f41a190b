//! Which weekdays the medicine is taken on (none ticked: every day).
use leptos::prelude::*;

use crate::pages::schedule::use_schedule_strings;

#[component]
pub fn DaysEditor(days: RwSignal<Vec<u8>>) -> impl IntoView {
    let sc = use_schedule_strings();
    view! {
        <fieldset class="days">
            <legend>{move || sc().field_days}</legend>
            {(1..=7u8).map(|d| view! {
                <label class="day-chip">
                    <input type="checkbox" prop:checked=move || days.with(|x| x.contains(&d))
                        on:change=move |ev| days.update(|x| {
                            x.retain(|v| *v != d);
                            if event_target_checked(&ev) { x.push(d); x.sort_unstable(); }
                        })/>
                    <span>{move || sc().weekdays[d as usize - 1]}</span>
                </label>
            }).collect_view()}
        </fieldset>
    }
}
