//! Reminders while the portal is open: when a dose falls due and is not logged, an in-app
//! notice (and a system notification where the member allowed them). Phone-calendar alarms
//! (the ICS feed) and the mini-program's subscription messages cover the time it is closed.
use std::collections::HashSet;

use api::schedule::{dose_label, log_for};
use leptos::prelude::*;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

use crate::i18n::fill;
use crate::prefs::use_strings;
use crate::schedule_sync::use_schedule;

/// A dose is announced if it fell due less than this long ago (not after a long sleep).
const ANNOUNCE_WITHIN_SECS: i64 = 15 * 60;

/// What the in-app notice says, if a dose just fell due.
#[derive(Clone, Copy)]
pub struct Reminder(pub RwSignal<Option<String>>);

/// Watches the schedule clock and announces doses as they fall due.
pub fn provide() {
    let s = use_strings();
    let sync = use_schedule();
    let notice = RwSignal::new(None::<String>);
    provide_context(Reminder(notice));
    let announced = StoredValue::new(HashSet::<(String, i64)>::new());
    Effect::new(move |_| {
        let now = sync.now.get();
        let due: Vec<(String, i64, String)> = sync.with_logs(|logs| {
            sync.synced.with(|x| {
                let Some(x) = x else { return vec![] };
                x.view
                    .occurrences
                    .iter()
                    .filter(|o| o.at <= now && now - o.at < ANNOUNCE_WITHIN_SECS && log_for(logs, o).is_none())
                    .filter_map(|o| {
                        let m = x.view.medications.iter().find(|m| m.id == o.medication_id)?;
                        Some((
                            o.medication_id.clone(),
                            o.at,
                            format!("{} {}", m.spec.name, dose_label(m.spec.dose_amount, &m.spec.dose_unit)),
                        ))
                    })
                    .collect()
            })
        });
        for (med, at, what) in due {
            if announced.with_value(|a| a.contains(&(med.clone(), at))) {
                continue;
            }
            announced.update_value(|a| {
                a.insert((med, at));
            });
            let text = fill(s().reminder_now, &[&what]);
            if Notification::permission() == NotificationPermission::Granted {
                let opts = NotificationOptions::new();
                opts.set_body(&what);
                opts.set_tag("dose");
                let _ = Notification::new_with_options(s().reminder_title, &opts);
            }
            notice.set(Some(text));
        }
    });
}

/// Whether the browser has system notifications at all (iOS WeChat does not).
pub fn notifications_supported() -> bool {
    js_sys::Reflect::has(&window(), &"Notification".into()).unwrap_or(false)
}

/// The in-app notice, shown above the tab bar until dismissed.
#[component]
pub fn ReminderNotice() -> impl IntoView {
    let Reminder(notice) = expect_context::<Reminder>();
    let s = use_strings();
    move || {
        notice.get().map(|text| {
            view! {
                <div class="toast" role="alert" data-testid="reminder-notice">
                    <p>{text}</p>
                    <button class="button small" on:click=move |_| notice.set(None)>{move || s().conflict_ok}</button>
                </div>
            }
        })
    }
}
