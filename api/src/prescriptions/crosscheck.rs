//! What the server knows beside the page: a reading that contradicts it is never shown as
//! certain. OCR confidence alone let a misread date (2026-11-20 read as 2026-01-20) or a name
//! with one wrong character (杨磊 read as 杨舌) through as certain; the upload day and the
//! names on the account catch both.
use super::review::{day_number, VALID_DAYS};
use super::{Field, RxFields, LOW_CONFIDENCE};

/// The facts a reading is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// `YYYY-MM-DD`, the member's home date when the page is read (moments after upload).
    pub uploaded_on: &'a str,
    /// The names the prescription is likely for: the member's own, the family members they
    /// manage and those who gave them care access. Empty when none is known (then the patient
    /// is not checked).
    pub people: &'a [String],
}

/// A field that contradicts what is known keeps its value (the member compares it with the
/// paper) with at most this confidence: below [`LOW_CONFIDENCE`], so shown as "please check".
const CONTRADICTED: f32 = LOW_CONFIDENCE * 0.75;

/// Doubts the date if it is in the future or too old to be dispensed, and the patient if it
/// names nobody on the account; a name one character away from a known one is offered as the
/// alternative.
pub fn cross_check(rx: &mut RxFields, known: Known) {
    if let (Some(issued), Some(today)) = (day_number(&rx.date.value), day_number(known.uploaded_on)) {
        // A day's grace: the clinic's clock and the member's home zone may disagree.
        if issued > today + 1 || today - issued > VALID_DAYS {
            doubt(&mut rx.date);
        }
    }
    let patient = rx.patient.value.trim();
    if patient.is_empty() || known.people.is_empty() || known.people.iter().any(|p| same_name(p, patient)) {
        return;
    }
    let near: Vec<&String> = known.people.iter().filter(|p| one_character_apart(p, patient)).collect();
    if let [only] = near[..] {
        rx.patient.alternative = Some(only.clone());
    }
    doubt(&mut rx.patient);
}

fn doubt(field: &mut Field) {
    field.confidence = field.confidence.min(CONTRADICTED);
}

/// Spaces and letter case aside ("Anna Lee", "anna  lee", "AnnaLee").
fn letters(name: &str) -> Vec<char> {
    name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

fn same_name(a: &str, b: &str) -> bool {
    letters(a) == letters(b)
}

/// As long as each other and differing in exactly one character: a likely misread.
fn one_character_apart(a: &str, b: &str) -> bool {
    let (a, b) = (letters(a), letters(b));
    a.len() == b.len() && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rx(patient: &str, date: &str) -> RxFields {
        RxFields { patient: Field::new(patient, 0.93), date: Field::new(date, 0.95), ..Default::default() }
    }

    fn people(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_misread_month_far_in_the_past_is_doubted_and_kept_as_read() {
        let mut read = rx("杨磊", "2026-01-20");
        cross_check(&mut read, Known { uploaded_on: "2026-11-20", people: &people(&["杨磊"]) });
        assert!(read.date.is_doubtful());
        assert_eq!(read.date.value, "2026-01-20", "the member compares it with the paper");
        assert!(!read.patient.is_doubtful());
    }

    #[test]
    fn dates_within_validity_stay_certain_future_ones_do_not() {
        for (date, doubtful) in [
            ("2026-11-20", false),
            ("2026-11-21", false),
            ("2026-09-01", false),
            ("2026-11-28", true),
            ("2025-11-20", true),
        ] {
            let mut read = rx("", date);
            cross_check(&mut read, Known { uploaded_on: "2026-11-20", people: &[] });
            assert_eq!(read.date.is_doubtful(), doubtful, "{date}");
        }
    }

    #[test]
    fn a_name_one_character_from_the_members_is_doubted_with_the_known_name_offered() {
        let mut read = rx("杨舌", "2026-11-20");
        cross_check(&mut read, Known { uploaded_on: "2026-11-20", people: &people(&["杨磊", "王秀英"]) });
        assert!(read.patient.is_doubtful());
        assert_eq!(read.patient.value, "杨舌");
        assert_eq!(read.patient.alternative.as_deref(), Some("杨磊"));
    }

    #[test]
    fn a_name_on_the_account_stays_certain_whatever_the_spacing_and_case() {
        let mut read = rx("ANNA  Lee", "2026-11-20");
        cross_check(&mut read, Known { uploaded_on: "2026-11-20", people: &people(&["王秀英", "Anna Lee"]) });
        assert!(!read.patient.is_doubtful());
        assert_eq!(read.patient.alternative, None);
    }

    #[test]
    fn a_stranger_is_doubted_without_a_guess_and_an_unknown_account_checks_nothing() {
        let mut read = rx("周建国", "2026-11-20");
        cross_check(&mut read, Known { uploaded_on: "2026-11-20", people: &people(&["王秀英"]) });
        assert!(read.patient.is_doubtful());
        assert_eq!(read.patient.alternative, None);
        let mut read = rx("周建国", "2026-11-20");
        cross_check(&mut read, Known { uploaded_on: "2026-11-20", people: &[] });
        assert!(!read.patient.is_doubtful());
    }

    #[test]
    fn two_near_names_offer_neither() {
        let mut read = rx("王秀x", "2026-11-20");
        cross_check(&mut read, Known { uploaded_on: "2026-11-20", people: &people(&["王秀英", "王秀兰"]) });
        assert!(read.patient.is_doubtful());
        assert_eq!(read.patient.alternative, None);
    }
}
