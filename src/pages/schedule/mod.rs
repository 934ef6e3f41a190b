//! The schedule screens: today, the week, the medicines. They read the schedule kept on the
//! device ([`crate::schedule_sync`]), so they work the same with and without a network.
use api::schedule::{log_for, DoseState, Medication, Occurrence, ScheduleView};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::client::ApiError;
use crate::components::{ErrorView, Loading};
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;
use crate::schedule_sync::{use_schedule, ScheduleSync};
pub(crate) use strings::use_schedule_strings;
use strings::ScheduleStrings;

mod dose_row;
mod edit;
mod medicines;
mod strings;
mod today;
mod week;

pub use edit::EditMedicinePage;
pub use medicines::{MedicationPage, MedicinesPage};
pub use today::SchedulePage;
pub use week::WeekPage;

/// Today's date on the member's home wall clock (the browser knows the zone; the copy from
/// the server is the fallback).
pub(crate) fn home_today(view: &ScheduleView) -> String {
    crate::offline::local_date(&view.time_zone).unwrap_or_else(|| view.today.clone())
}

pub(crate) fn find_med<'a>(view: &'a ScheduleView, occ: &Occurrence) -> Option<&'a Medication> {
    view.medications.iter().find(|m| m.id == occ.medication_id)
}

/// The list-item class of a dose in `state` (the colours and icons of the state live in CSS).
pub(crate) fn dose_class(state: DoseState) -> &'static str {
    match state {
        DoseState::Upcoming => "dose upcoming",
        DoseState::Overdue => "dose overdue",
        DoseState::Missed => "dose missed",
        DoseState::Taken => "dose taken",
        DoseState::Skipped => "dose skipped",
    }
}

/// A dose's state in words; a taken dose says when (`taken_at`: home wall-clock time).
pub(crate) fn dose_state_text(sc: &ScheduleStrings, state: DoseState, taken_at: Option<&str>) -> String {
    match state {
        DoseState::Taken => fill(sc.state_taken, &[taken_at.unwrap_or_default()]).trim().to_string(),
        DoseState::Skipped => sc.state_skipped.to_string(),
        DoseState::Overdue => sc.state_overdue.to_string(),
        DoseState::Missed => sc.state_missed.to_string(),
        DoseState::Upcoming => sc.state_upcoming.to_string(),
    }
}

/// Title, tabs and sync status of the three schedule screens; opening one refreshes the data.
#[component]
fn ScheduleHeader() -> impl IntoView {
    let sc = use_schedule_strings();
    use_schedule().on_screen();
    view! {
        <h1>{move || sc().schedule_title}</h1>
        <ScheduleNav/>
        <SyncStatus/>
    }
}

/// Tabs between the three schedule screens.
#[component]
fn ScheduleNav() -> impl IntoView {
    let sc = use_schedule_strings();
    view! {
        <nav class="subnav" aria-label=move || sc().schedule_title>
            <A href=Page::Schedule.path() exact=true>{move || sc().schedule_today}</A>
            <A href=Page::ScheduleWeek.path() exact=true>{move || sc().schedule_week}</A>
            <A href=Page::Medications.path()>{move || sc().schedule_meds}</A>
        </nav>
    }
}

/// Offline and last-synced line, doses waiting to sync, and conflicts the member must see.
#[component]
fn SyncStatus() -> impl IntoView {
    let (s, sc) = (use_strings(), use_schedule_strings());
    let prefs = use_prefs();
    let sync = use_schedule();
    let synced = move || {
        let at = sync.synced.with(|x| x.as_ref().map(|x| x.synced_at))?;
        Some(crate::format::moment(prefs.locale.get(), at, sync.now.get()))
    };
    view! {
        <div class="sync-status" role="status" data-testid="sync-status">
            {move || synced().map(|when| if sync.offline.get() {
                view! { <p class="banner offline">{fill(sc().offline_banner, &[&when])}</p> }.into_any()
            } else {
                view! { <p class="muted small">{fill(sc().last_synced, &[&when])}</p> }.into_any()
            })}
            {move || {
                let unsent = sync.outbox.with(|o| o.unsent());
                (unsent > 0).then(|| view! {
                    <p class="banner pending" data-testid="unsent">{fill(sc().unsent_count, &[&unsent.to_string()])}</p>
                })
            }}
            {move || sync.outbox.with(|o| o.conflicts().map(|(i, p)| (i, p.conflict.clone().unwrap_or_default())).collect::<Vec<_>>())
                .into_iter()
                .map(|(i, reason)| {
                    let text = if reason == api::error::codes::DOSE_CONFLICT { sc().conflict_dose.to_string() } else { reason };
                    view! {
                        <div class="banner conflict" role="alert">
                            <p>{text}</p>
                            <button class="button small" on:click=move |_| sync.dismiss(i)>{move || s().conflict_ok}</button>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Renders `ok` with the schedule once there is one (from the server or the device);
/// loading and error states otherwise. It re-renders only when the schedule's shape changes
/// (day, medicines, doses, reminders): a sync after a tap updates the rows in place, so the
/// focus stays where the member is.
fn with_schedule<V: IntoView + 'static>(
    sync: ScheduleSync,
    ok: impl Fn(&ScheduleView) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let sc = use_schedule_strings();
    let shape = Memo::new(move |_| {
        sync.synced.with(|x| {
            x.as_ref().map(|x| {
                let v = &x.view;
                let doses: Vec<(String, i64)> = v.occurrences.iter().map(|o| (o.medication_id.clone(), o.at)).collect();
                (home_today(v), v.medications.clone(), doses, v.reminders.clone(), v.warnings.clone())
            })
        })
    });
    move || {
        if shape.with(Option::is_some) {
            if let Some(v) = sync.synced.with_untracked(|x| x.as_ref().map(|x| ok(&x.view).into_any())) {
                return v;
            }
        }
        match sync.error.get() {
            Some(ApiError::Offline) => {
                view! { <p class="banner offline">{move || sc().offline_no_copy}</p> }.into_any()
            }
            Some(error) => view! { <ErrorView error on_retry=move |_| sync.refresh()/> }.into_any(),
            None => view! { <Loading/> }.into_any(),
        }
    }
}

/// The log attributed to `occ` with the outbox applied, and whether it is still unsent.
pub(crate) fn dose_log(sync: ScheduleSync, occ: &Occurrence) -> Option<(api::schedule::DoseLog, bool)> {
    let log = sync.with_logs(|logs| log_for(logs, occ).cloned())?;
    let pending = sync.outbox.with(|o| o.is_pending(&log.id));
    Some((log, pending))
}
