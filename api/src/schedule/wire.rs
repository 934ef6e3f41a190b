//! [`super::Medication`] as read from JSON, its spec's fields inline. The same JSON as the
//! `#[serde(flatten)]` it is written with, read without serde's flatten machinery: that buffers
//! every field into a generic `Content` tree first, and its code was the largest single
//! function in the portal's main module (13 kB; today's schedule lists medications).
use serde::Deserialize;

use super::{MedicationSpec, SupplyEstimate, Timing};
use crate::health::DrugInfo;

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
    use super::super::{Medication, MedicationSpec, SupplyEstimate, Timing};

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
}
