//! Add or change a medicine on the schedule. Changes need the network (the server checks
//! them and recomputes supply); logging doses is what works offline.
use api::schedule::{MedicationSpec, Timing};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::home_today;
use super::strings::use_schedule_strings;
use crate::client::{self, ApiError};
use crate::prefs::use_strings;
use crate::routes::Page;
use crate::schedule_sync::use_schedule;

/// A labelled input bound to a signal.
#[component]
fn Field(
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
fn DrugNames(query: RwSignal<String>) -> impl IntoView {
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

/// The form's fields as text, as the inputs hold them.
#[derive(Clone, Copy)]
struct Form {
    name: RwSignal<String>,
    strength: RwSignal<String>,
    amount: RwSignal<String>,
    unit: RwSignal<String>,
    interval: RwSignal<bool>,
    times: RwSignal<Vec<String>>,
    every_hours: RwSignal<String>,
    days: RwSignal<Vec<u8>>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    food: RwSignal<String>,
    storage: RwSignal<String>,
    supply: RwSignal<String>,
    renewal: RwSignal<String>,
}

fn opt(s: String) -> Option<String> {
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

impl Form {
    fn new(spec: Option<MedicationSpec>, today: String) -> Self {
        let spec = spec.unwrap_or_else(|| {
            MedicationSpec::new("", 1.0, "片", Timing::Times { times: vec!["08:00".into()] }, &today)
        });
        let (interval, times, every) = match &spec.timing {
            Timing::Times { times } => (false, times.clone(), "8".to_string()),
            Timing::Interval { every_hours, first } => (true, vec![first.clone()], every_hours.to_string()),
            Timing::AsNeeded => (false, vec![], "8".to_string()),
        };
        Form {
            name: RwSignal::new(spec.name),
            strength: RwSignal::new(spec.strength),
            amount: RwSignal::new(api::schedule::dose_label(spec.dose_amount, "")),
            unit: RwSignal::new(spec.dose_unit),
            interval: RwSignal::new(interval),
            times: RwSignal::new(times),
            every_hours: RwSignal::new(every),
            days: RwSignal::new(spec.days),
            start: RwSignal::new(spec.start_date),
            end: RwSignal::new(spec.end_date.unwrap_or_default()),
            food: RwSignal::new(spec.food_note.unwrap_or_default()),
            storage: RwSignal::new(spec.storage_note.unwrap_or_default()),
            supply: RwSignal::new(spec.supply_on_hand.map(|s| api::schedule::dose_label(s, "")).unwrap_or_default()),
            renewal: RwSignal::new(spec.renewal_date.unwrap_or_default()),
        }
    }

    /// The spec to send; the server validates it again and names any bad field.
    fn spec(self, prescription_id: Option<String>) -> MedicationSpec {
        let times: Vec<String> = self.times.get_untracked().into_iter().filter(|t| !t.is_empty()).collect();
        let timing = if self.interval.get_untracked() {
            Timing::Interval {
                every_hours: self.every_hours.get_untracked().trim().parse().unwrap_or(0),
                first: times.first().cloned().unwrap_or_default(),
            }
        } else if times.is_empty() {
            Timing::AsNeeded
        } else {
            Timing::Times { times }
        };
        MedicationSpec {
            name: self.name.get_untracked(),
            strength: self.strength.get_untracked(),
            form: String::new(),
            dose_amount: self.amount.get_untracked().trim().parse().unwrap_or(f64::NAN),
            dose_unit: self.unit.get_untracked(),
            timing,
            days: self.days.get_untracked(),
            start_date: self.start.get_untracked(),
            end_date: opt(self.end.get_untracked()),
            storage_note: opt(self.storage.get_untracked()),
            food_note: opt(self.food.get_untracked()),
            supply_on_hand: opt(self.supply.get_untracked()).map(|s| s.parse().unwrap_or(f64::NAN)),
            renewal_date: opt(self.renewal.get_untracked()),
            prescription_id,
        }
    }
}

/// The device's own calendar date: a family member's medicine starts on it only until their
/// schedule (not kept on this device) says what day it is at their home.
fn device_today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

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
                use api::schedule::SpecField;
                let label = match e.field {
                    SpecField::Name => sc.field_name,
                    SpecField::Strength => sc.field_strength,
                    SpecField::Notes => sc.field_storage,
                    SpecField::DoseAmount => sc.field_dose,
                    SpecField::Timing => sc.field_timing,
                    SpecField::Days => sc.field_days,
                    SpecField::StartDate => sc.field_start,
                    SpecField::EndDate => sc.field_end,
                    SpecField::RenewalDate => sc.field_renewal,
                    SpecField::SupplyOnHand => sc.field_supply,
                };
                error.set(Some(crate::i18n::fill(sc.check_field, &[label])));
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
            <fieldset class="days">
                <legend>{move || sc().field_days}</legend>
                {(1..=7u8).map(|d| view! {
                    <label class="day-chip">
                        <input type="checkbox" prop:checked=move || form.days.with(|x| x.contains(&d))
                            on:change=move |ev| form.days.update(|x| {
                                x.retain(|v| *v != d);
                                if event_target_checked(&ev) { x.push(d); x.sort_unstable(); }
                            })/>
                        <span>{move || sc().weekdays[d as usize - 1]}</span>
                    </label>
                }).collect_view()}
            </fieldset>
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
