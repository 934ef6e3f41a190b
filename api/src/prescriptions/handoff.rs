//! Approved prescription → medication schedule entries.
use super::directions::{self, Frequency};
use super::text::normalise;
use super::DrugLine;
use crate::schedule::{MedicationSpec, Timing};

/// Default clock times for N doses a day; the member adjusts them in the schedule.
pub fn default_times(per_day: u8) -> Vec<String> {
    let hours: &[u8] = match per_day {
        0 | 1 => &[8],
        2 => &[8, 20],
        3 => &[8, 12, 18],
        4 => &[8, 12, 16, 20],
        n => return (0..n.min(12)).map(|i| format!("{:02}:00", 8 + i as u32 * 14 / (n.min(12) as u32 - 1))).collect(),
    };
    hours.iter().map(|h| format!("{h:02}:00")).collect()
}

/// The schedule entry for one confirmed drug, starting on `start_date` (`YYYY-MM-DD`).
/// Directions the schedule cannot read become "as needed" rather than a guessed time.
pub fn medication_spec(drug: &DrugLine, start_date: &str, prescription_id: &str) -> MedicationSpec {
    let timing = match Frequency::parse(&drug.frequency.value) {
        Some(Frequency::PerDay(n)) => Timing::Times { times: default_times(n) },
        Some(Frequency::AtNight) => Timing::Times { times: vec!["21:00".into()] },
        Some(Frequency::EveryHours(h)) => Timing::Interval { every_hours: h, first: "08:00".into() },
        Some(Frequency::AsNeeded) | None => Timing::AsNeeded,
    };
    let dose_text = normalise(&drug.dose.value);
    let (amount, unit) = directions::dose(&dose_text, 0).map_or((1.0, String::new()), |f| f.value);
    let unit = if unit.is_empty() { form_unit(&drug.name.value) } else { unit };
    let mut spec = MedicationSpec::new(drug.name.value.trim(), amount, &unit, timing, start_date);
    spec.strength = drug.strength.value.trim().to_string();
    spec.prescription_id = Some(prescription_id.to_string());
    // "28片" with a dose in 片: that many on hand, so the refill reminder can count down.
    let quantity = normalise(&drug.quantity.value);
    let digits: String = quantity.chars().take_while(|c| c.is_ascii_digit()).collect();
    let qty_unit = quantity[digits.len()..].trim();
    if let Ok(n) = digits.parse::<f64>() {
        if qty_unit == unit || (qty_unit.is_empty() && !unit.is_empty()) {
            spec.supply_on_hand = Some(n);
        }
    }
    spec
}

/// The dose unit a form implies when the dose does not say: 胶囊 → 粒, otherwise 片.
fn form_unit(name: &str) -> String {
    let unit = if name.contains("胶囊") {
        "粒"
    } else if name.contains("注射") {
        "单位"
    } else if name.is_ascii() {
        "tab"
    } else {
        "片"
    };
    unit.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::Field;

    fn drug(name: &str, dose: &str, freq: &str, qty: &str) -> DrugLine {
        DrugLine {
            name: Field::new(name, 0.9),
            strength: Field::new("5mg", 0.9),
            dose: Field::new(dose, 0.9),
            frequency: Field::new(freq, 0.9),
            quantity: Field::new(qty, 0.9),
            ..Default::default()
        }
    }

    #[test]
    fn times_a_day_become_clock_times_with_the_supply_counted() {
        let spec = medication_spec(&drug("苯磺酸氨氯地平片", "每次1片", "每日2次", "28片"), "2026-11-23", "rx1");
        assert_eq!(spec.timing, Timing::Times { times: vec!["08:00".into(), "20:00".into()] });
        assert_eq!((spec.dose_amount, spec.dose_unit.as_str()), (1.0, "片"));
        assert_eq!(spec.supply_on_hand, Some(28.0));
        assert_eq!(spec.prescription_id.as_deref(), Some("rx1"));
        assert_eq!(spec.strength, "5mg");
        assert!(spec.normalised().is_ok());
    }

    #[test]
    fn intervals_nights_and_unreadable_directions() {
        let q8h = medication_spec(&drug("Amoxicillin", "1 cap", "q8h", "7days"), "2026-11-23", "rx1");
        assert_eq!(q8h.timing, Timing::Interval { every_hours: 8, first: "08:00".into() });
        assert_eq!(q8h.supply_on_hand, None, "a duration is not a count");
        let night = medication_spec(&drug("阿托伐他汀钙片", "", "每晚", ""), "2026-11-23", "rx1");
        assert_eq!(night.timing, Timing::Times { times: vec!["21:00".into()] });
        assert_eq!(night.dose_unit, "片");
        let unknown = medication_spec(&drug("某药胶囊", "", "遵医嘱", ""), "2026-11-23", "rx1");
        assert_eq!((unknown.timing, unknown.dose_unit.as_str()), (Timing::AsNeeded, "粒"));
    }

    #[test]
    fn default_times_spread_over_the_waking_day() {
        assert_eq!(default_times(3), ["08:00", "12:00", "18:00"]);
        assert_eq!(default_times(6).first().map(String::as_str), Some("08:00"));
        assert_eq!(default_times(6).last().map(String::as_str), Some("22:00"));
    }
}
