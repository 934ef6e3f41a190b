//! The reference backend's automatic pharmacist check (dev mode), and the checks a human
//! pharmacist makes first: who, when, what and how.
use super::directions::Frequency;
use super::{Decision, RejectionCode, RxFields};
use crate::drugs;

/// A prescription older than this is not dispensed (long-term prescriptions for chronic
/// conditions run up to 12 weeks).
pub const VALID_DAYS: i64 = 84;

/// Approves a complete, current prescription of known drugs; otherwise rejects with the
/// first problem found. `today` and the prescription date are `YYYY-MM-DD`.
pub fn auto_review(fields: &RxFields, today: &str) -> Decision {
    let reject = |code, note: Option<String>| Decision::Reject { code, note };
    if fields.drugs.is_empty() {
        return reject(RejectionCode::Unreadable, None);
    }
    if fields.patient.value.trim().is_empty() {
        return reject(RejectionCode::MissingPatient, None);
    }
    match (day_number(&fields.date.value), day_number(today)) {
        (Some(issued), Some(now)) if issued <= now && now - issued <= VALID_DAYS => {}
        _ => return reject(RejectionCode::Expired, None),
    }
    for drug in &fields.drugs {
        if drugs::find(&drug.name.value).is_none_or(|m| m.similarity < 1.0) {
            return reject(RejectionCode::UnknownDrug, Some(drug.name.value.clone()));
        }
        if Frequency::parse(&drug.frequency.value).is_none() {
            return reject(RejectionCode::MissingDirections, Some(drug.name.value.clone()));
        }
    }
    Decision::Approve
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn day_number(date: &str) -> Option<i64> {
    let mut it = date.trim().splitn(3, '-');
    let (y, m, d): (i64, i64, i64) = (it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::{DrugLine, Field};

    fn rx(date: &str, name: &str, freq: &str) -> RxFields {
        RxFields {
            patient: Field::new("张三", 0.9),
            date: Field::new(date, 0.9),
            drugs: vec![DrugLine {
                name: Field::new(name, 0.9),
                frequency: Field::new(freq, 0.9),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn code(d: Decision) -> Option<RejectionCode> {
        match d {
            Decision::Approve => None,
            Decision::Reject { code, .. } => Some(code),
        }
    }

    #[test]
    fn a_complete_current_prescription_is_approved() {
        assert_eq!(auto_review(&rx("2026-11-20", "苯磺酸氨氯地平片", "每日1次"), "2026-11-23"), Decision::Approve);
        assert_eq!(auto_review(&rx("2026-11-23", "Metformin", "bid"), "2026-11-23"), Decision::Approve);
    }

    #[test]
    fn each_problem_has_its_reason() {
        let today = "2026-11-23";
        assert_eq!(code(auto_review(&rx("2026-08-01", "氨氯地平片", "qd"), today)), Some(RejectionCode::Expired));
        assert_eq!(code(auto_review(&rx("2026-12-01", "氨氯地平片", "qd"), today)), Some(RejectionCode::Expired));
        assert_eq!(code(auto_review(&rx("", "氨氯地平片", "qd"), today)), Some(RejectionCode::Expired));
        assert_eq!(code(auto_review(&rx("2026-11-20", "某某新药", "qd"), today)), Some(RejectionCode::UnknownDrug));
        assert_eq!(
            code(auto_review(&rx("2026-11-20", "氨氯地平片", "看情况"), today)),
            Some(RejectionCode::MissingDirections)
        );
        let mut nobody = rx("2026-11-20", "氨氯地平片", "qd");
        nobody.patient.value.clear();
        assert_eq!(code(auto_review(&nobody, today)), Some(RejectionCode::MissingPatient));
        assert_eq!(code(auto_review(&RxFields::default(), today)), Some(RejectionCode::Unreadable));
    }

    #[test]
    fn day_numbers_count_from_the_epoch() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(day_number("2026-11-23").unwrap() - day_number("2026-08-31").unwrap(), 84);
        assert_eq!(day_number("2026-11"), None);
    }
}
