//! The fortnight around today: what was taken, missed or is still to come, day by day.
use api::schedule::{dose_state, log_for, DoseState, ScheduleView};
use leptos::prelude::*;

use super::strings::{use_schedule_strings, ScheduleStrings};
use super::{find_med, home_today, with_schedule, ScheduleHeader};
use crate::format::day;
use crate::i18n::fill;
use crate::prefs::use_prefs;
use crate::schedule_sync::use_schedule;

#[component]
pub fn WeekPage() -> impl IntoView {
    let sync = use_schedule();
    view! {
        <ScheduleHeader/>
        {with_schedule(sync, move |view| view! { <Days view=view.clone()/> })}
    }
}

#[component]
fn Days(view: ScheduleView) -> impl IntoView {
    let sc = use_schedule_strings();
    let prefs = use_prefs();
    let sync = use_schedule();
    let today = home_today(&view);
    let mut dates: Vec<String> = view.occurrences.iter().map(|o| o.local_date.clone()).collect();
    dates.dedup();
    dates
        .into_iter()
        .map(|date| {
            let is_today = date == today;
            let view = view.clone();
            let label = {
                let date = date.clone();
                move || day(prefs.locale.get(), &date, &sc().weekdays)
            };
            let rows = Memo::new(move |_| {
                let now = sync.now.get();
                let states: Vec<_> = sync.with_logs(|logs| view
                    .occurrences
                    .iter()
                    .filter(|o| o.local_date == date)
                    .map(|o| {
                        let state = dose_state(o.at, log_for(logs, o).map(|l| l.action), now);
                        let name = find_med(&view, o).map(|m| m.spec.name.clone()).unwrap_or_default();
                        (o.local_time.clone(), name, state)
                    })
                    .collect());
                let due = states.iter().filter(|(_, _, st)| *st != DoseState::Upcoming).count();
                let taken = states.iter().filter(|(_, _, st)| *st == DoseState::Taken).count();
                (states, due, taken)
            });
            view! {
                <section class=if is_today { "card day today" } else { "card day" } data-testid="week-day">
                    <h3>
                        {label}
                        {move || { let (_, due, taken) = rows.get(); (due > 0).then(|| view! {
                            <span class="muted small">" · "{fill(sc().day_taken, &[&taken.to_string(), &due.to_string()])}</span>
                        }) }}
                    </h3>
                    <ul class="day-doses">
                        {move || rows.get().0.into_iter().map(|(time, name, state)| {
                            let (class, text) = state_label(state, sc());
                            view! { <li class=class><span class="dose-time">{time}</span>" "{name}<span class="dose-state">{text}</span></li> }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

/// CSS class and words for a state (the colour is never the only signal).
pub(crate) fn state_label(state: DoseState, sc: &'static ScheduleStrings) -> (&'static str, &'static str) {
    match state {
        DoseState::Taken => ("taken", "✓"),
        DoseState::Skipped => ("skipped", sc.state_skipped),
        DoseState::Missed => ("missed", sc.state_missed),
        DoseState::Overdue => ("overdue", sc.state_overdue),
        DoseState::Upcoming => ("upcoming", ""),
    }
}
