//! The member checks OCR's reading against the photo, corrects it and sends it for review.
use api::prescriptions::{DrugLine, Field, Prescription, RxFields};
use leptos::prelude::*;

use super::{use_rx_strings, RxStrings};
use crate::client::{self, ApiError};
use crate::i18n::fill;
use crate::prefs::use_strings;

/// One field: highlighted when OCR was unsure or found nothing; an edit makes it certain.
#[component]
fn FieldInput(id: String, label: fn(&RxStrings) -> &'static str, field: RwSignal<Field>) -> impl IntoView {
    let r = use_rx_strings();
    let doubtful = move || field.with(Field::is_doubtful);
    let id2 = id.clone();
    view! {
        <div class="rx-field" class:doubtful=doubtful>
            <label for=id.clone()>{move || label(r())}
                <Show when=doubtful>{move || view! { <span class="chip pending">{r().doubtful}</span> }}</Show>
            </label>
            <input id=id2 type="text" prop:value=move || field.with(|f| f.value.clone())
                on:input=move |ev| field.set(Field::new(event_target_value(&ev), 1.0))/>
            // Two real drugs the text could be: the member compares both with the paper.
            {move || field.with(|f| f.alternative.clone().map(|other| (f.value.clone(), other))).map(|(read, other)| {
                let choose = other.clone();
                view! {
                    <p class="rx-alternative" role="note">{fill(r().alternative, &[&read, &other])}
                        <button type="button" class="button link" on:click=move |_| field.set(Field::new(choose.clone(), 1.0))>
                            {fill(r().use_alternative, &[&other])}
                        </button>
                    </p>
                }
            })}
        </div>
    }
}

#[derive(Clone, Copy)]
struct DrugForm {
    name: RwSignal<Field>,
    strength: RwSignal<Field>,
    dose: RwSignal<Field>,
    frequency: RwSignal<Field>,
    route: RwSignal<Field>,
    quantity: RwSignal<Field>,
}

impl DrugForm {
    fn new(d: DrugLine) -> Self {
        DrugForm {
            name: RwSignal::new(d.name),
            strength: RwSignal::new(d.strength),
            dose: RwSignal::new(d.dose),
            frequency: RwSignal::new(d.frequency),
            route: RwSignal::new(d.route),
            quantity: RwSignal::new(d.quantity),
        }
    }

    fn read(&self) -> DrugLine {
        DrugLine {
            name: self.name.get_untracked(),
            strength: self.strength.get_untracked(),
            dose: self.dose.get_untracked(),
            frequency: self.frequency.get_untracked(),
            route: self.route.get_untracked(),
            quantity: self.quantity.get_untracked(),
        }
    }
}

/// The confirmation form; `on_done` gets the prescription as submitted.
#[component]
pub fn ConfirmForm(rx: Prescription, on_done: Callback<Prescription>) -> impl IntoView {
    let r = use_rx_strings();
    let s = use_strings();
    let fields = rx.fields.clone().unwrap_or_default();
    let patient = RwSignal::new(fields.patient);
    let date = RwSignal::new(fields.date);
    let hospital = RwSignal::new(fields.hospital);
    let doctor = RwSignal::new(fields.doctor);
    let mut initial: Vec<DrugLine> = fields.drugs;
    if initial.is_empty() {
        initial.push(DrugLine::default());
    }
    let next_key = StoredValue::new(initial.len());
    let drugs = RwSignal::new(initial.into_iter().enumerate().map(|(i, d)| (i, DrugForm::new(d))).collect::<Vec<_>>());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let id = StoredValue::new(rx.id.clone());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let drug_lines: Vec<DrugLine> =
            drugs.get_untracked().iter().map(|(_, d)| d.read()).filter(|d| !d.name.value.trim().is_empty()).collect();
        if drug_lines.is_empty() {
            error.set(Some(r().submit_needs_drug.into()));
            return;
        }
        let fields = RxFields {
            patient: patient.get_untracked(),
            date: date.get_untracked(),
            hospital: hospital.get_untracked(),
            doctor: doctor.get_untracked(),
            drugs: drug_lines,
        };
        pending.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match client::submit_prescription(&id.get_value(), fields).await {
                Ok(rx) => on_done.run(rx),
                Err(ApiError::Offline) => error.set(Some(s().offline_body.into())),
                Err(ApiError::Http { message, .. }) => error.set(Some(message)),
            }
            pending.set(false);
        });
    };

    let field_id = |name: &str| format!("rx-{name}");
    view! {
        <form class="form card rx-form" on:submit=submit>
            <h2>{move || r().check_title}</h2>
            <p class="muted">{move || r().check_hint}</p>
            <FieldInput id=field_id("patient") label=|r| r.patient field=patient/>
            <FieldInput id=field_id("date") label=|r| r.date field=date/>
            <FieldInput id=field_id("hospital") label=|r| r.hospital field=hospital/>
            <FieldInput id=field_id("doctor") label=|r| r.doctor field=doctor/>
            <For each=move || drugs.get() key=|(k, _)| *k let:((k, d))>
                <fieldset class="rx-drug">
                    <legend>{move || {
                        let n = drugs.with(|all| all.iter().position(|(x, _)| *x == k).unwrap_or(0) + 1);
                        fill(r().drug_n, &[&n.to_string()])
                    }}</legend>
                    <FieldInput id=format!("rx-{k}-name") label=|r| r.drug_name field=d.name/>
                    <FieldInput id=format!("rx-{k}-strength") label=|r| r.strength field=d.strength/>
                    <FieldInput id=format!("rx-{k}-dose") label=|r| r.dose field=d.dose/>
                    <FieldInput id=format!("rx-{k}-frequency") label=|r| r.frequency field=d.frequency/>
                    <FieldInput id=format!("rx-{k}-route") label=|r| r.route field=d.route/>
                    <FieldInput id=format!("rx-{k}-quantity") label=|r| r.quantity field=d.quantity/>
                    <button type="button" class="button secondary" on:click=move |_| drugs.update(|all| all.retain(|(x, _)| *x != k))>
                        {move || r().remove_drug}
                    </button>
                </fieldset>
            </For>
            <button type="button" class="button secondary block" on:click=move |_| {
                let k = next_key.get_value();
                next_key.set_value(k + 1);
                drugs.update(|all| all.push((k, DrugForm::new(DrugLine::default()))));
            }>{move || r().add_drug}</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary block" disabled=pending>{move || r().submit}</button>
        </form>
    }
}
