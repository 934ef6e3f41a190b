//! When the medicine is taken: at set times of day (up to six), or every N hours from a first time.
use leptos::prelude::*;

use super::fields::Field;
use super::form::Form;
use crate::pages::schedule::use_schedule_strings;

#[component]
pub fn TimingEditor(form: Form) -> impl IntoView {
    let sc = use_schedule_strings();
    view! {
        <fieldset class="segmented">
            <legend>{move || sc().field_timing}</legend>
            <button type="button" aria-pressed=move || (!form.interval.get()).to_string() on:click=move |_| form.interval.set(false)>
                {move || sc().timing_times}</button>
            <button type="button" aria-pressed=move || form.interval.get().to_string() on:click=move |_| form.interval.set(true)>
                {move || sc().timing_interval}</button>
        </fieldset>
        <Show when=move || form.interval.get()>
            <Field id="every" label=Signal::derive(move || sc().field_every_hours) value=form.every_hours inputmode="numeric"/>
        </Show>
        {move || {
            let n = if form.interval.get() { 1 } else { form.times.with(Vec::len).max(1) };
            (0..n).map(|i| {
                let label = move || if form.interval.get() { sc().field_first } else { sc().field_timing };
            view! {
                    <label for=format!("time-{i}") class="sr-only">{label}" "{i + 1}</label>
                    <input id=format!("time-{i}") type="time" class="time"
                        prop:value=move || form.times.with(|t| t.get(i).cloned().unwrap_or_default())
                        on:input=move |ev| form.times.update(|t| {
                            if t.len() <= i { t.resize(i + 1, String::new()); }
                            t[i] = event_target_value(&ev);
                        })/>
                }
            }).collect_view()
        }}
        <Show when=move || !form.interval.get() && form.times.with(Vec::len) < 6>
            <button type="button" class="button secondary" on:click=move |_| form.times.update(|t| t.push(String::new()))>
                {move || sc().add_time}</button>
        </Show>
    }
}
