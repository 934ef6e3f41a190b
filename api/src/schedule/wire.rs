//! The schedule's types as read from JSON, without serde's buffering machinery. The JSON is
//! the same as the derives they are written with, but `#[serde(flatten)]` and internally
//! tagged enums (`#[serde(tag = "kind")]`) buffer every field into a generic `Content` tree
//! first, and that code was the largest in the portal's main module (the medication reader
//! alone was 13 kB; today's schedule and the offline outbox read them on the first screen).
//! A tagged enum is read as one flat struct: its tag plus every variant's fields, optional.
use serde::Deserialize;

use super::adherence::AnomalyKind;
use super::outbox::Op;
use super::{DoseLogInput, MedicationSpec, SupplyEstimate, Timing};
use crate::health::DrugInfo;

/// The message serde gives for a field a variant needs.
fn missing(field: &str) -> String {
    format!("missing field `{field}`")
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum TimingKind {
    Times,
    Interval,
    AsNeeded,
}

/// [`Timing`]: `{"kind": "times", "times": [...]}` and so on.
#[derive(Deserialize)]
pub(super) struct TimingWire {
    kind: TimingKind,
    times: Option<Vec<String>>,
    every_hours: Option<u8>,
    first: Option<String>,
}

impl TryFrom<TimingWire> for Timing {
    type Error = String;
    fn try_from(t: TimingWire) -> Result<Self, String> {
        Ok(match t.kind {
            TimingKind::Times => Timing::Times { times: t.times.ok_or_else(|| missing("times"))? },
            TimingKind::Interval => Timing::Interval {
                every_hours: t.every_hours.ok_or_else(|| missing("every_hours"))?,
                first: t.first.ok_or_else(|| missing("first"))?,
            },
            TimingKind::AsNeeded => Timing::AsNeeded,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum OpKind {
    Log,
    Undo,
}

/// [`Op`]: `{"op": "log", "input": {...}, "at": 1, "amount": 1.0}` or `{"op": "undo", "id": ".."}`.
#[derive(Deserialize)]
pub(super) struct OpWire {
    op: OpKind,
    input: Option<DoseLogInput>,
    at: Option<i64>,
    amount: Option<f64>,
    id: Option<String>,
}

impl TryFrom<OpWire> for Op {
    type Error = String;
    fn try_from(o: OpWire) -> Result<Self, String> {
        Ok(match o.op {
            OpKind::Log => Op::Log {
                input: o.input.ok_or_else(|| missing("input"))?,
                at: o.at.ok_or_else(|| missing("at"))?,
                amount: o.amount.ok_or_else(|| missing("amount"))?,
            },
            OpKind::Undo => Op::Undo { id: o.id.ok_or_else(|| missing("id"))? },
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum AnomalyTag {
    Missed,
    DoubleDose,
    OffSchedule,
}

/// [`AnomalyKind`]: `{"kind": "missed"}`, `{"kind": "off_schedule", "minutes": -90}`.
#[derive(Deserialize)]
pub(super) struct AnomalyKindWire {
    kind: AnomalyTag,
    minutes: Option<i64>,
}

impl TryFrom<AnomalyKindWire> for AnomalyKind {
    type Error = String;
    fn try_from(a: AnomalyKindWire) -> Result<Self, String> {
        Ok(match a.kind {
            AnomalyTag::Missed => AnomalyKind::Missed,
            AnomalyTag::DoubleDose => AnomalyKind::DoubleDose,
            AnomalyTag::OffSchedule => AnomalyKind::OffSchedule { minutes: a.minutes.ok_or_else(|| missing("minutes"))? },
        })
    }
}

#[derive(Deserialize)]
pub(super) struct Medication {
    id: String,
    name: String,
    #[serde(default)]
    strength: String,
    #[serde(default)]
    form: String,
    dose_amount: f64,
    dose_unit: String,
    timing: Timing,
    #[serde(default)]
    days: Vec<u8>,
    start_date: String,
    end_date: Option<String>,
    storage_note: Option<String>,
    food_note: Option<String>,
    supply_on_hand: Option<f64>,
    renewal_date: Option<String>,
    prescription_id: Option<String>,
    supply: Option<SupplyEstimate>,
    #[serde(default)]
    drug: Option<DrugInfo>,
}

impl From<Medication> for super::Medication {
    fn from(m: Medication) -> Self {
        super::Medication {
            id: m.id,
            spec: MedicationSpec {
                name: m.name,
                strength: m.strength,
                form: m.form,
                dose_amount: m.dose_amount,
                dose_unit: m.dose_unit,
                timing: m.timing,
                days: m.days,
                start_date: m.start_date,
                end_date: m.end_date,
                storage_note: m.storage_note,
                food_note: m.food_note,
                supply_on_hand: m.supply_on_hand,
                renewal_date: m.renewal_date,
                prescription_id: m.prescription_id,
            },
            supply: m.supply,
            drug: m.drug,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::outbox::Op;
    use super::super::{AnomalyKind, DoseAction, DoseLogInput, Medication, MedicationSpec, SupplyEstimate, Timing};

    #[test]
    fn reads_what_it_writes_and_what_the_server_leaves_out() {
        let mut spec =
            MedicationSpec::new("二甲双胍", 0.5, "g", Timing::Times { times: vec!["08:00".into()] }, "2026-11-20");
        spec.days = vec![1, 3, 5];
        spec.food_note = Some("随餐".into());
        let full = Medication {
            id: "m1".into(),
            spec,
            supply: Some(SupplyEstimate { remaining: 20.0, days_left: 10, runs_out_on: "2026-11-30".into() }),
            drug: None,
        };
        let json = serde_json::to_string(&full).unwrap();
        assert!(json.contains(r#""name":"二甲双胍""#), "the spec's fields stay inline: {json}");
        assert_eq!(serde_json::from_str::<Medication>(&json).unwrap(), full);
        let lean = r#"{"id":"m2","name":"x","dose_amount":1,"dose_unit":"片","timing":{"kind":"as_needed"},
            "start_date":"2026-11-20","end_date":null,"storage_note":null,"food_note":null,
            "supply_on_hand":null,"renewal_date":null,"prescription_id":null,"supply":null}"#;
        let m: Medication = serde_json::from_str(lean).unwrap();
        assert_eq!((m.spec.strength.as_str(), m.spec.days.len(), m.drug), ("", 0, None));
    }

    /// Each tagged enum reads back what its derive writes, and a variant missing a field it
    /// needs is refused, as serde's own tagged reading did.
    #[test]
    fn tagged_enums_read_what_they_write() {
        fn round<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: T) {
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
        }
        round(Timing::Times { times: vec!["08:00".into(), "20:00".into()] });
        round(Timing::Interval { every_hours: 8, first: "06:00".into() });
        round(Timing::AsNeeded);
        round(AnomalyKind::Missed);
        round(AnomalyKind::DoubleDose);
        round(AnomalyKind::OffSchedule { minutes: -90 });
        let input = DoseLogInput { id: "l1".into(), medication_id: "m1".into(), scheduled_at: Some(1_764_000_000), action: DoseAction::Taken, at: None, amount: None };
        round(Op::Log { input, at: 1_764_000_100, amount: 0.5 });
        round(Op::Undo { id: "l1".into() });
        assert_eq!(serde_json::to_string(&Timing::AsNeeded).unwrap(), r#"{"kind":"as_needed"}"#);
        for bad in [r#"{"kind":"interval","every_hours":8}"#, r#"{"kind":"times"}"#, r#"{"kind":"weekly"}"#, r#"{"times":[]}"#] {
            assert!(serde_json::from_str::<Timing>(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Op>(r#"{"op":"log","at":1,"amount":1}"#).is_err());
        assert!(serde_json::from_str::<AnomalyKind>(r#"{"kind":"off_schedule"}"#).is_err());
    }
}
