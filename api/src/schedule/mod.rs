//! Medication schedules: the model, dose states and the rules built on them.
//!
//! Times of day are wall-clock times in the member's home time zone; an occurrence carries
//! the UTC instant it falls on, so the portal can decide "overdue" and "missed" offline
//! without a time-zone database. Expansion, attribution and supply dates need one and live
//! behind the `tz` feature (the server's).
use serde::{Deserialize, Serialize};

pub mod adherence;
#[cfg(feature = "tz")]
pub mod expand;
pub mod outbox;
#[cfg(feature = "tz")]
pub mod supply;
mod validate;
mod wire;

pub use adherence::{adherence, anomalies, Adherence, Anomaly, AnomalyKind, Ratio};
pub use validate::{parse_date, parse_hhmm, SpecError, SpecField};

/// A scheduled dose not logged this long after its time is *missed*; before that it is *overdue*.
pub const MISSED_AFTER_SECS: i64 = 2 * 3600;
/// A dose taken further than this from its scheduled time is flagged as off schedule.
pub const OFF_SCHEDULE_SECS: i64 = 2 * 3600;
/// Refill reminder this many days before the supply runs out (DESIGN.md).
pub const REFILL_REMINDER_DAYS: i64 = 7;
/// Renewal reminder this many days before a prescription's renewal date (DESIGN.md).
pub const RENEWAL_REMINDER_DAYS: i64 = 3;

/// When doses fall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "wire::TimingWire")]
pub enum Timing {
    /// Fixed wall-clock times (`HH:MM`) each scheduled day; they stay at 08:00 across DST.
    Times { times: Vec<String> },
    /// Every N hours of elapsed time from `first` (`HH:MM`) on the start date, as antibiotics
    /// are prescribed (q8h): across a DST change the wall-clock time shifts, the gap does not.
    Interval { every_hours: u8, first: String },
    /// Taken when needed; never overdue or missed.
    AsNeeded,
}

/// What the member (or a prescription hand-off) says about a medication: create/update body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MedicationSpec {
    pub name: String,
    /// 规格, e.g. "5 mg".
    #[serde(default)]
    pub strength: String,
    /// e.g. "片", "胶囊", "注射液".
    #[serde(default)]
    pub form: String,
    pub dose_amount: f64,
    /// e.g. "片", "单位", "mL".
    pub dose_unit: String,
    pub timing: Timing,
    /// ISO weekdays 1 (Mon) – 7 (Sun) for `Times`; empty means every day.
    #[serde(default)]
    pub days: Vec<u8>,
    /// `YYYY-MM-DD` in the home time zone.
    pub start_date: String,
    pub end_date: Option<String>,
    /// e.g. "2–8 °C, do not freeze" for cold-chain drugs.
    pub storage_note: Option<String>,
    /// e.g. "饭后服用".
    pub food_note: Option<String>,
    /// Doses' worth of units on hand now (same unit as `dose_unit`); counting starts again
    /// from this figure whenever it is sent.
    pub supply_on_hand: Option<f64>,
    /// `YYYY-MM-DD`: when the prescription must be renewed.
    pub renewal_date: Option<String>,
    /// The approved prescription this entry came from, if any.
    pub prescription_id: Option<String>,
}

impl MedicationSpec {
    /// A spec with the required fields; every optional one empty.
    pub fn new(name: &str, dose_amount: f64, dose_unit: &str, timing: Timing, start_date: &str) -> Self {
        MedicationSpec {
            name: name.into(),
            strength: String::new(),
            form: String::new(),
            dose_amount,
            dose_unit: dose_unit.into(),
            timing,
            days: vec![],
            start_date: start_date.into(),
            end_date: None,
            storage_note: None,
            food_note: None,
            supply_on_hand: None,
            renewal_date: None,
            prescription_id: None,
        }
    }
}

/// A medication on the member's schedule, with the server's supply estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "wire::Medication")]
pub struct Medication {
    pub id: String,
    #[serde(flatten)]
    pub spec: MedicationSpec,
    pub supply: Option<SupplyEstimate>,
    /// The dictionary entry the name refers to (brand → generic): notes and storage advice
    /// the portal can show offline. `None` for names the dictionary does not know.
    #[serde(default)]
    pub drug: Option<crate::health::DrugInfo>,
}

/// How long the supply on hand lasts at the scheduled dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplyEstimate {
    /// Units left: the last count minus doses logged as taken since.
    pub remaining: f64,
    /// Whole days the remaining supply covers from today.
    pub days_left: i64,
    /// `YYYY-MM-DD`: the first day without enough for the scheduled doses.
    pub runs_out_on: String,
}

/// One scheduled dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occurrence {
    pub medication_id: String,
    /// Unix seconds (UTC): identifies the occurrence together with the medication.
    pub at: i64,
    /// `YYYY-MM-DD` and `HH:MM` on the home wall clock.
    pub local_date: String,
    pub local_time: String,
}

/// What the member did about a dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DoseAction {
    Taken,
    Skipped,
}

impl DoseAction {
    pub fn as_str(self) -> &'static str {
        match self {
            DoseAction::Taken => "taken",
            DoseAction::Skipped => "skipped",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "taken" => Some(DoseAction::Taken),
            "skipped" => Some(DoseAction::Skipped),
            _ => None,
        }
    }
}

/// Log a dose. `id` is generated by the device, so a replay (retry, offline outbox) is
/// recognised and stored once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoseLogInput {
    pub id: String,
    pub medication_id: String,
    /// The occurrence (`Occurrence::at`); omitted for as-needed doses or "I just took it",
    /// which the server attributes to the nearest scheduled dose.
    pub scheduled_at: Option<i64>,
    pub action: DoseAction,
    /// When it happened (unix seconds, device clock); defaults to the server's now. An
    /// offline log sends the time of the tap, not the time of the sync.
    pub at: Option<i64>,
    /// Defaults to the medication's dose amount.
    pub amount: Option<f64>,
}

/// A logged dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoseLog {
    pub id: String,
    pub medication_id: String,
    pub scheduled_at: Option<i64>,
    pub action: DoseAction,
    pub at: i64,
    pub amount: f64,
}

/// A refill or renewal reminder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reminder {
    pub kind: ReminderKind,
    pub medication_id: String,
    /// `YYYY-MM-DD`: the run-out or renewal date.
    pub due_on: String,
    /// Days from today to `due_on` (negative when already past).
    pub days_left: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    Refill,
    Renewal,
}

/// Everything the schedule screens need, and what the portal keeps on the device for
/// offline use: the medications, the occurrences of a date window, their logs, reminders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleView {
    /// IANA name of the member's home time zone, e.g. "Asia/Shanghai".
    pub time_zone: String,
    /// `YYYY-MM-DD` on the home wall clock when this was generated.
    pub today: String,
    pub generated_at: i64,
    pub medications: Vec<Medication>,
    /// Ascending by time: from 6 days ago to 7 days ahead.
    pub occurrences: Vec<Occurrence>,
    pub logs: Vec<DoseLog>,
    pub reminders: Vec<Reminder>,
    pub adherence: Adherence,
    pub anomalies: Vec<Anomaly>,
    /// Safety findings over the whole schedule and the member's health profile (duplicates,
    /// interactions, allergies, pregnancy, age), most serious first.
    #[serde(default)]
    pub warnings: Vec<crate::safety::SafetyWarning>,
}

/// A private subscription link to the schedule for the phone's calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedLink {
    /// Same-origin path; anyone holding it can read the calendar until it is replaced.
    pub path: String,
}

/// The state of one occurrence at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoseState {
    Upcoming,
    /// Due and not yet logged, within [`MISSED_AFTER_SECS`].
    Overdue,
    Missed,
    Taken,
    Skipped,
}

/// The state of a scheduled dose at `now` given the latest log attributed to it.
pub fn dose_state(at: i64, log: Option<DoseAction>, now: i64) -> DoseState {
    match log {
        Some(DoseAction::Taken) => DoseState::Taken,
        Some(DoseAction::Skipped) => DoseState::Skipped,
        None if now < at => DoseState::Upcoming,
        None if now < at + MISSED_AFTER_SECS => DoseState::Overdue,
        None => DoseState::Missed,
    }
}

/// The log attributed to an occurrence (the latest, if there are several).
pub fn log_for<'a>(logs: &'a [DoseLog], occ: &Occurrence) -> Option<&'a DoseLog> {
    logs.iter().filter(|l| l.medication_id == occ.medication_id && l.scheduled_at == Some(occ.at)).max_by_key(|l| l.at)
}

/// The home-screen card: the next dose still to come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextDose {
    pub medication: String,
    /// e.g. "1 片".
    pub dose: String,
    /// `HH:MM` wall-clock time.
    pub time: String,
    /// True when the dose is not today.
    pub tomorrow: bool,
}

/// "1 片", "0.5 片", "6 单位": the amount without trailing zeros.
pub fn dose_label(amount: f64, unit: &str) -> String {
    let n = if amount.fract() == 0.0 { format!("{amount:.0}") } else { format!("{amount}") };
    if unit.is_empty() {
        n
    } else {
        format!("{n} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dose_is_upcoming_then_overdue_then_missed() {
        let at = 1_000_000;
        assert_eq!(dose_state(at, None, at - 1), DoseState::Upcoming);
        assert_eq!(dose_state(at, None, at), DoseState::Overdue);
        assert_eq!(dose_state(at, None, at + MISSED_AFTER_SECS - 1), DoseState::Overdue);
        assert_eq!(dose_state(at, None, at + MISSED_AFTER_SECS), DoseState::Missed);
    }

    #[test]
    fn a_log_decides_the_state_whatever_the_time() {
        assert_eq!(dose_state(100, Some(DoseAction::Taken), 0), DoseState::Taken);
        assert_eq!(dose_state(100, Some(DoseAction::Skipped), 1_000_000), DoseState::Skipped);
    }

    #[test]
    fn dose_labels_drop_trailing_zeros() {
        assert_eq!(dose_label(1.0, "片"), "1 片");
        assert_eq!(dose_label(0.5, "片"), "0.5 片");
        assert_eq!(dose_label(6.0, ""), "6");
    }

    #[test]
    fn medications_round_trip_as_flat_json() {
        let json = r#"{"id":"m1","name":"缬沙坦胶囊","strength":"80 mg","form":"胶囊","dose_amount":1,
            "dose_unit":"粒","timing":{"kind":"times","times":["08:00"]},"start_date":"2026-01-01",
            "end_date":null,"storage_note":null,"food_note":null,"supply_on_hand":30,
            "renewal_date":null,"prescription_id":null,"supply":null}"#;
        let m: Medication = serde_json::from_str(json).unwrap();
        assert_eq!(m.spec.timing, Timing::Times { times: vec!["08:00".into()] });
        assert!(m.spec.days.is_empty());
        let back: Medication = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }
}
