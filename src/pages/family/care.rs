//! `/family/:id`: a dependant's or a granting member's schedule, from the network. Today's
//! doses with their state (missed ones stand out), recent misses, and, where allowed, one-tap
//! dose logging; for a dependant, a link to the full add-medicine form and their health profile.
use api::family::Permission;
use api::schedule::{dose_label, dose_state, log_for, DoseAction, DoseLogInput, DoseState, ScheduleView};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::strings::use_family_strings;
use super::{error_text, person_path};
use crate::client;
use crate::components::{ErrorView, Loading};
use crate::i18n::fill;
use crate::pages::schedule::{dose_class, dose_state_text, use_schedule_strings};
use crate::prefs::use_strings;

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
pub fn CareSchedulePage() -> impl IntoView {
    let f = use_family_strings();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let subject = StoredValue::new(id.clone());
    let family = LocalResource::new(client::family);
    let view_res = LocalResource::new(move || {
        let id = subject.get_value();
        async move { client::schedule(Some(&id)).await }
    });
    let refresh = Callback::new(move |_| view_res.refetch());
    let person = move || {
        let id = subject.get_value();
        family.get().map(|r| r.map(|fam| fam.people.into_iter().find(|p| p.id == id)))
    };
    view! {
        <A href=crate::routes::Page::Family.path() attr:class="back-link">{move || f().back}</A>
        {move || match person() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error on_retry=move |_| family.refetch()/> }.into_any(),
            // Revoked, removed, or never shared: say so rather than show an empty page.
            Some(Ok(None)) => view! { <p class="notice" role="alert" data-testid="care-gone">{move || f().gone}</p> }.into_any(),
            Some(Ok(Some(p))) => {
                let can_log = p.permission != Some(Permission::Read);
                let manages = p.permission.is_none();
                let title = p.name.clone();
                view! {
                    <h1>{move || fill(f().schedule_of, &[&title])}</h1>
                    <p class="muted small">{move || f().online_only}</p>
                    {move || match view_res.get() {
                        None => view! { <Loading/> }.into_any(),
                        Some(Err(error)) => view! { <ErrorView error on_retry=move |_| view_res.refetch()/> }.into_any(),
                        Some(Ok(v)) => {
                            view! {
                                {(!can_log).then(|| view! { <p class="notice">{move || f().read_only}</p> })}
                                <crate::components::SafetyWarnings warnings=v.warnings.clone()/>
                                <Missed view=v.clone()/>
                                <Today view=v subject=subject.get_value() can_log on_change=refresh/>
                                {manages.then(|| view! {
                                    <A href=format!("{}/add", person_path(&subject.get_value())) attr:class="button primary block" attr:data-testid="care-add">{move || f().add_medicine}</A>
                                    <A href=format!("{}/health", person_path(&subject.get_value())) attr:class="button secondary block">{move || f().health_of}</A>
                                })}
                            }.into_any()
                        }
                    }}
                }.into_any()
            }
        }}
    }
}

/// Doses missed in the days shown, newest first: what a caregiver most needs to see.
#[component]
fn Missed(view: ScheduleView) -> impl IntoView {
    let f = use_family_strings();
    let now = now_secs();
    let mut missed: Vec<(String, String, String)> = view
        .occurrences
        .iter()
        .filter(|o| dose_state(o.at, log_for(&view.logs, o).map(|l| l.action), now) == DoseState::Missed)
        .filter_map(|o| {
            let m = view.medications.iter().find(|m| m.id == o.medication_id)?;
            Some((o.local_date.clone(), o.local_time.clone(), m.spec.name.clone()))
        })
        .collect();
    missed.reverse();
    missed.truncate(10);
    view! {
        <section class="card" aria-labelledby="missed-title" data-testid="care-missed">
            <h2 id="missed-title" class="card-label">{move || f().missed_recent}</h2>
            {if missed.is_empty() {
                view! { <p>{move || f().none_missed}</p> }.into_any()
            } else {
                view! { <ul>{missed.into_iter().map(|(d, t, n)| view! { <li class="missed-item">{format!("{d} {t} · {n}")}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn Today(view: ScheduleView, subject: String, can_log: bool, on_change: Callback<()>) -> impl IntoView {
    let f = use_family_strings();
    let (s, sc) = (use_strings(), use_schedule_strings());
    let today = crate::offline::local_date(&view.time_zone).unwrap_or_else(|| view.today.clone());
    let now = now_secs();
    let subject = StoredValue::new(subject);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let rows: Vec<_> = view.occurrences.iter().filter(|o| o.local_date == today).cloned().collect();
    if rows.is_empty() {
        return view! { <h2 class="section-title">{move || f().today}</h2><p class="card muted">{move || f().no_doses}</p> }.into_any();
    }
    view! {
        <h2 class="section-title">{move || f().today}</h2>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <ol class="doses" data-testid="care-doses">
            {rows.into_iter().filter_map(|occ| {
                let med = view.medications.iter().find(|m| m.id == occ.medication_id)?.clone();
                let log = log_for(&view.logs, &occ).cloned();
                let state = dose_state(occ.at, log.as_ref().map(|l| l.action), now);
                let class = dose_class(state);
                let taken_at = log.as_ref().map(|l| crate::offline::local_time(&view.time_zone, l.at));
                let state_text = move || dose_state_text(sc(), state, taken_at.as_deref());
                let occ2 = occ.clone();
                // One id per intended log, kept across a retry, so a lost answer cannot log twice.
                let key = StoredValue::new(client::idempotency_key());
                let mark = move |action: DoseAction| {
                    if busy.get_untracked() {
                        return;
                    }
                    let input = DoseLogInput {
                        id: key.get_value(),
                        medication_id: occ2.medication_id.clone(),
                        scheduled_at: Some(occ2.at),
                        action,
                        at: Some(now_secs()),
                        amount: None,
                    };
                    busy.set(true);
                    leptos::task::spawn_local(async move {
                        match client::log_dose(Some(&subject.get_value()), &input).await {
                            Ok(_) => {
                                error.set(None);
                                on_change.run(());
                            }
                            Err(e) => error.set(Some(error_text(f(), e))),
                        }
                        busy.set(false);
                    });
                };
                let undo_id = log.as_ref().map(|l| l.id.clone());
                let undo = move |_| {
                    let Some(id) = undo_id.clone() else { return };
                    leptos::task::spawn_local(async move {
                        match client::undo_dose(Some(&subject.get_value()), &id).await {
                            Ok(()) => on_change.run(()),
                            Err(e) => error.set(Some(error_text(f(), e))),
                        }
                    });
                };
                let logged = log.is_some();
                Some(view! {
                    <li class=class data-testid="care-dose">
                        <div class="dose-head">
                            <span class="dose-time">{occ.local_time.clone()}</span>
                            <span class="dose-state" data-testid="dose-state">{state_text}</span>
                        </div>
                        <p class="dose-med"><strong>{med.spec.name.clone()}</strong>" "<span class="muted">{med.spec.strength.clone()}</span></p>
                        <p class="dose-amount">{dose_label(med.spec.dose_amount, &med.spec.dose_unit)}</p>
                        {can_log.then(|| view! {
                            <div class="dose-actions">
                                {if logged {
                                    view! { <button class="button secondary" on:click=undo.clone()>{move || s().dose_undo}</button> }.into_any()
                                } else {
                                    let mark2 = mark.clone();
                                    view! {
                                        <button class="button primary" disabled=move || busy.get() on:click=move |_| mark(DoseAction::Taken)>{move || s().dose_take}</button>
                                        <button class="button secondary" disabled=move || busy.get() on:click=move |_| mark2(DoseAction::Skipped)>{move || s().dose_skip}</button>
                                    }.into_any()
                                }}
                            </div>
                        })}
                    </li>
                })
            }).collect_view()}
        </ol>
    }
    .into_any()
}
