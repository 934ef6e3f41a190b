//! Today: the day's doses in order, one tap to log them, and refill/renewal cards.
use api::schedule::{ReminderKind, ScheduleView};
use leptos::prelude::*;

use super::dose_row::DoseRow;
use super::strings::use_schedule_strings;
use super::{home_today, with_schedule, ScheduleHeader};
use crate::format::day;
use crate::i18n::fill;
use crate::prefs::use_prefs;
use crate::schedule_sync::use_schedule;

#[component]
pub fn SchedulePage() -> impl IntoView {
    let sc = use_schedule_strings();
    let prefs = use_prefs();
    let sync = use_schedule();
    let title = move || {
        let today = sync.synced.with(|x| x.as_ref().map(|x| home_today(&x.view)));
        today.map(|t| day(prefs.locale.get(), &t, &sc().weekdays)).unwrap_or_default()
    };
    view! {
        <ScheduleHeader/>
        {with_schedule(sync, move |view| view! {
            <crate::components::SafetyWarnings warnings=view.warnings.clone()/>
            <Reminders view=view.clone()/>
            <h2 class="section-title">{title}</h2>
            <TodayDoses view=view.clone()/>
        })}
    }
}

#[component]
fn TodayDoses(view: ScheduleView) -> impl IntoView {
    let sc = use_schedule_strings();
    let today = home_today(&view);
    let doses: Vec<_> = view.occurrences.into_iter().filter(|o| o.local_date == today).collect();
    if doses.is_empty() {
        return view! { <p class="card muted">{move || sc().no_doses_today}</p> }.into_any();
    }
    view! {
        <ol class="doses" data-testid="today-doses">
            {doses.into_iter().map(|occ| view! { <DoseRow occ/> }).collect_view()}
        </ol>
    }
    .into_any()
}

/// Refill and renewal reminders: the supply runs out within 7 days, a renewal is within 3.
#[component]
fn Reminders(view: ScheduleView) -> impl IntoView {
    let sc = use_schedule_strings();
    let prefs = use_prefs();
    view.reminders
        .into_iter()
        .filter_map(|r| {
            let name = view.medications.iter().find(|m| m.id == r.medication_id)?.spec.name.clone();
            let due_on = r.due_on.clone();
            let due = move || day(prefs.locale.get(), &due_on, &sc().weekdays);
            Some(view! {
                <div class="card reminder" data-testid="reminder">
                    {move || match r.kind {
                        ReminderKind::Refill => fill(sc().refill_due, &[&name, &r.days_left.max(0).to_string(), &due()]),
                        ReminderKind::Renewal => fill(sc().renewal_due, &[&name, &due()]),
                    }}
                </div>
            })
        })
        .collect_view()
}
