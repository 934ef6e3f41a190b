//! Add or change a medicine on the schedule. Changes need the network (the server checks
//! them and recomputes supply); logging doses is what works offline.
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

mod days;
mod fields;
mod form;
mod timing;

use days::DaysEditor;
use fields::{DrugNames, Field};
use form::{device_today, Form};
use timing::TimingEditor;

use super::home_today;
use super::strings::use_schedule_strings;
use crate::client::{self, ApiError};
use crate::prefs::use_strings;
use crate::routes::Page;
use crate::schedule_sync::use_schedule;

/// `/schedule/add`, `/schedule/medicines/:id/edit`, and `/family/:person/add` (a medicine
/// for a dependant, sent with their id and never stored on this device).
#[component]
pub fn EditMedicinePage() -> impl IntoView {
    let (s, sc) = (use_strings(), use_schedule_strings());
    let sync = use_schedule();
    let navigate = use_navigate();
    let (id, person) = use_params_map().with_untracked(|p| (p.get("id"), p.get("person")));
    let person = StoredValue::new(person);
    let person_name = crate::hooks::use_person_name(person.get_value());
    let f = crate::pages::family::use_family_strings();
    let existing = sync.synced.with_untracked(|x| {
        let x = x.as_ref()?;
        let m = x.view.medications.iter().find(|m| Some(&m.id) == id.as_ref())?;
        Some(m.spec.clone())
    });
    let today = if person.with_value(Option::is_some) {
        device_today()
    } else {
        sync.synced.with_untracked(|x| x.as_ref().map(|x| home_today(&x.view))).unwrap_or_default()
    };
    let prescription_id = existing.as_ref().and_then(|e| e.prescription_id.clone());
    let form = Form::new(existing, today.clone());
    // A family member's medicine starts on their home calendar's today, which their schedule
    // knows (the device may be in another zone); until it arrives, the device's date stands.
    if let Some(p) = person.get_value() {
        let theirs = LocalResource::new(move || {
            let p = p.clone();
            async move { client::schedule(Some(&p)).await.ok().map(|v| home_today(&v)) }
        });
        let device = today.clone();
        Effect::new(move |_| {
            if let Some(Some(home)) = theirs.get() {
                if form.start.get_untracked() == device {
                    form.start.set(home);
                }
            }
        });
    }
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let fail = move |e: ApiError| {
        error.set(Some(match e {
            ApiError::Offline => s().needs_network.to_string(),
            ApiError::Http { message, .. } => message,
        }))
    };
    let id_for_save = id.clone();
    let nav = navigate.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return; // a double tap sends one request
        }
        // The server's own rule, run here first so the member hears which field in their language.
        let spec = match form.spec(prescription_id.clone()).normalised() {
            Ok(spec) => spec,
            Err(e) => {
                let sc = sc();
                error.set(Some(crate::i18n::fill(sc.check_field, &[sc.spec_field(e.field)])));
                return;
            }
        };
        saving.set(true);
        error.set(None);
        let id = id_for_save.clone();
        let nav = nav.clone();
        leptos::task::spawn_local(async move {
            let result = match &id {
                Some(id) => client::update_medication(id, &spec).await,
                None => client::create_medication(person.get_value().as_deref(), &spec).await,
            };
            saving.set(false);
            match (result, person.get_value()) {
                (Ok(_), Some(p)) => nav(&crate::pages::family::person_path(&p), Default::default()),
                (Ok(m), None) => {
                    sync.refresh();
                    nav(&Page::medication(&m.id), Default::default());
                }
                (Err(e), _) => fail(e),
            }
        });
    };
    let id_for_delete = id.clone();
    let remove = move |_| {
        let Some(id) = id_for_delete.clone() else { return };
        if !window().confirm_with_message(s().delete_confirm).unwrap_or(false) {
            return;
        }
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match client::delete_medication(&id).await {
                Ok(()) => {
                    sync.refresh();
                    navigate(Page::Medications.path(), Default::default());
                }
                Err(e) => fail(e),
            }
        });
    };
    let editing = id.is_some();
    view! {
        <h1>{move || if editing { sc().edit_medicine } else { s().add_medicine }}</h1>
        {move || person_name().map(|n| view! { <p class="muted" data-testid="medicine-for">{crate::i18n::fill(f().schedule_of, &[&n])}</p> })}
        <form class="card form med-form" on:submit=save novalidate>
            <Field id="name" label=Signal::derive(move || sc().field_name) value=form.name required=true list="drug-names"/>
            <DrugNames query=form.name/>
            <Field id="strength" label=Signal::derive(move || sc().field_strength) value=form.strength/>
            <div class="row">
                <div><Field id="amount" label=Signal::derive(move || sc().field_dose) value=form.amount inputmode="decimal"/></div>
                <div><Field id="unit" label=Signal::derive(move || sc().field_unit) value=form.unit/></div>
            </div>
            <TimingEditor form/>
            <DaysEditor days=form.days/>
            <Field id="start" label=Signal::derive(move || sc().field_start) value=form.start kind="date"/>
            <Field id="end" label=Signal::derive(move || sc().field_end) value=form.end kind="date"/>
            <Field id="food" label=Signal::derive(move || sc().field_food) value=form.food/>
            <Field id="storage" label=Signal::derive(move || sc().field_storage) value=form.storage/>
            <Field id="supply" label=Signal::derive(move || sc().field_supply) value=form.supply inputmode="decimal"/>
            <Field id="renewal" label=Signal::derive(move || sc().field_renewal) value=form.renewal kind="date"/>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get().unwrap_or_default()}</p>
            </Show>
            <button type="submit" class="button primary" disabled=move || saving.get()>
                {move || if saving.get() { s().saving } else { s().save }}
            </button>
        </form>
        {editing.then(|| view! { <button class="button danger" on:click=remove>{move || sc().delete_medicine}</button> })}
    }
}
