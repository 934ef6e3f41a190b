//! The medicine form's state: its fields as the inputs hold them, and the spec they make.
use api::schedule::{MedicationSpec, Timing};
use leptos::prelude::*;

/// The form's fields as text, as the inputs hold them.
#[derive(Clone, Copy)]
pub struct Form {
    pub name: RwSignal<String>,
    pub strength: RwSignal<String>,
    pub amount: RwSignal<String>,
    pub unit: RwSignal<String>,
    pub interval: RwSignal<bool>,
    pub times: RwSignal<Vec<String>>,
    pub every_hours: RwSignal<String>,
    pub days: RwSignal<Vec<u8>>,
    pub start: RwSignal<String>,
    pub end: RwSignal<String>,
    pub food: RwSignal<String>,
    pub storage: RwSignal<String>,
    pub supply: RwSignal<String>,
    pub renewal: RwSignal<String>,
}

fn opt(s: String) -> Option<String> {
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

impl Form {
    pub fn new(spec: Option<MedicationSpec>, today: String) -> Self {
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
    pub fn spec(self, prescription_id: Option<String>) -> MedicationSpec {
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
pub fn device_today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}
