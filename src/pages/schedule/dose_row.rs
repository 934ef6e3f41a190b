//! One scheduled dose: time, medicine, amount, notes, its state and the one-tap actions.
use api::schedule::{dose_label, dose_state, AnomalyKind, DoseAction, Occurrence};
use leptos::prelude::*;

use super::strings::use_schedule_strings;
use super::{dose_class, dose_log, dose_state_text, find_med};
use crate::i18n::fill;
use crate::prefs::use_strings;
use crate::schedule_sync::use_schedule;

#[component]
pub fn DoseRow(occ: Occurrence) -> impl IntoView {
    let (s, sc) = (use_strings(), use_schedule_strings());
    let sync = use_schedule();
    let med = sync.synced.with_untracked(|x| x.as_ref().and_then(|x| find_med(&x.view, &occ).cloned()));
    let Some(med) = med else { return ().into_any() };
    let med_id = med.id.clone();
    let occ = StoredValue::new(occ);
    let log = move || occ.with_value(|o| dose_log(sync, o));
    let state = move || {
        let action = log().map(|(l, _)| l.action);
        occ.with_value(|o| dose_state(o.at, action, sync.now.get()))
    };
    let state_class = move || dose_class(state());
    let state_text = move || {
        let tz = sync.synced.with(|x| x.as_ref().map(|x| x.view.time_zone.clone())).unwrap_or_default();
        let taken_at = log().map(|(l, _)| crate::offline::local_time(&tz, l.at));
        dose_state_text(sc(), state(), taken_at.as_deref())
    };
    let mark = move |action| occ.with_value(|o| sync.mark(o, action));
    let undo = move |_| {
        if let Some((l, _)) = log() {
            sync.undo(&l.id);
        }
    };
    // Double and far-off-time doses, as the server last flagged them (missed shows as a state).
    let flags = move || {
        let at = occ.with_value(|o| o.at);
        sync.synced.with(|x| {
            let Some(x) = x else { return vec![] };
            x.view
                .anomalies
                .iter()
                .filter(|a| a.medication_id == med_id && a.at == at)
                .filter_map(|a| match a.kind {
                    AnomalyKind::DoubleDose => Some(sc().anomaly_double.to_string()),
                    AnomalyKind::OffSchedule { minutes } if minutes > 0 => {
                        Some(fill(sc().anomaly_late, &[&minutes.to_string()]))
                    }
                    AnomalyKind::OffSchedule { minutes } => Some(fill(sc().anomaly_early, &[&(-minutes).to_string()])),
                    AnomalyKind::Missed => None,
                })
                .collect::<Vec<_>>()
        })
    };
    let amount = dose_label(med.spec.dose_amount, &med.spec.dose_unit);
    let time = occ.with_value(|o| o.local_time.clone());
    view! {
        <li class=state_class data-testid="dose">
            <div class="dose-head">
                <span class="dose-time" {crate::components::data_visible()}>{time}</span>
                <span class="dose-state" data-testid="dose-state">{state_text}</span>
                {move || log().filter(|(_, pending)| *pending).map(|_| view! {
                    <span class="chip pending" data-testid="pending">{move || sc().pending_sync}</span>
                })}
            </div>
            <p class="dose-med"><strong>{med.spec.name.clone()}</strong>" "<span class="muted">{med.spec.strength.clone()}</span></p>
            <p class="dose-amount">{amount}</p>
            {med.spec.food_note.clone().map(|n| view! { <p class="note">{n}</p> })}
            {med.spec.storage_note.clone().map(|n| view! {
                <p class="note storage"><strong>{move || sc().storage}": "</strong>{n}</p>
            })}
            {move || flags().into_iter().map(|f| view! { <p class="note flag" data-testid="dose-flag">{f}</p> }).collect_view()}
            <div class="dose-actions">
                {move || if log().is_some() {
                    view! { <button class="button secondary" on:click=undo>{move || s().dose_undo}</button> }.into_any()
                } else {
                    view! {
                        <button class="button primary" on:click=move |_| mark(DoseAction::Taken)>{move || s().dose_take}</button>
                        <button class="button secondary" on:click=move |_| mark(DoseAction::Skipped)>{move || s().dose_skip}</button>
                    }.into_any()
                }}
            </div>
        </li>
    }
    .into_any()
}
