//! Checks on a medication spec from outside (the member's form, a prescription hand-off).
use super::{MedicationSpec, Timing};

/// Why a spec was refused; `field` names the input so the form can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub field: SpecField,
    pub message: &'static str,
}

/// The input a [`SpecError`] is about. An enum, so a form labelling it in the member's
/// language must name every field (a new one is a compile error, not a wrong label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecField {
    Name,
    /// Strength, form or unit (one length limit for the three).
    Strength,
    /// The storage or food note.
    Notes,
    DoseAmount,
    Timing,
    Days,
    StartDate,
    EndDate,
    RenewalDate,
    SupplyOnHand,
}

impl SpecField {
    /// The JSON field name (the server's error message starts with it).
    pub fn as_str(self) -> &'static str {
        match self {
            SpecField::Name => "name",
            SpecField::Strength => "strength",
            SpecField::Notes => "storage_note",
            SpecField::DoseAmount => "dose_amount",
            SpecField::Timing => "timing",
            SpecField::Days => "days",
            SpecField::StartDate => "start_date",
            SpecField::EndDate => "end_date",
            SpecField::RenewalDate => "renewal_date",
            SpecField::SupplyOnHand => "supply_on_hand",
        }
    }
}

/// Minutes after midnight for `HH:MM`, or `None` if malformed.
pub fn parse_hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// `(year, month, day)` for a real `YYYY-MM-DD` date between 1900 and 2200.
pub fn parse_date(s: &str) -> Option<(i16, u8, u8)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d): (i16, u8, u8) = (s[..4].parse().ok()?, s[5..7].parse().ok()?, s[8..].parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    ((1900..=2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]).then_some((y, m, d))
}

fn err(field: SpecField, message: &'static str) -> Result<(), SpecError> {
    Err(SpecError { field, message })
}

impl MedicationSpec {
    /// Trims text and checks every field; times are sorted and deduplicated.
    pub fn normalised(mut self) -> Result<Self, SpecError> {
        self.name = self.name.trim().to_string();
        self.strength = self.strength.trim().to_string();
        self.form = self.form.trim().to_string();
        self.dose_unit = self.dose_unit.trim().to_string();
        for note in [&mut self.storage_note, &mut self.food_note] {
            *note = note.take().map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
        }
        if self.name.is_empty() || self.name.chars().count() > 100 {
            err(SpecField::Name, "name must be 1–100 characters")?;
        }
        if [&self.strength, &self.form, &self.dose_unit].iter().any(|s| s.chars().count() > 40) {
            err(SpecField::Strength, "strength, form and unit must be at most 40 characters")?;
        }
        if [&self.storage_note, &self.food_note].iter().any(|n| n.as_ref().is_some_and(|n| n.chars().count() > 300)) {
            err(SpecField::Notes, "notes must be at most 300 characters")?;
        }
        if !(self.dose_amount.is_finite() && self.dose_amount > 0.0 && self.dose_amount <= 1000.0) {
            err(SpecField::DoseAmount, "dose must be a number above 0 and at most 1000")?;
        }
        match &mut self.timing {
            Timing::Times { times } => {
                if times.is_empty() || times.len() > 12 || times.iter().any(|t| parse_hhmm(t).is_none()) {
                    err(SpecField::Timing, "give 1–12 times of day as HH:MM")?;
                }
                times.sort();
                times.dedup();
            }
            Timing::Interval { every_hours, first } => {
                if !(1..=72).contains(every_hours) || parse_hhmm(first).is_none() {
                    err(SpecField::Timing, "every 1–72 hours, first dose as HH:MM")?;
                }
            }
            Timing::AsNeeded => {}
        }
        if self.days.iter().any(|d| !(1..=7).contains(d)) {
            err(SpecField::Days, "weekdays are 1 (Monday) to 7 (Sunday)")?;
        }
        self.days.sort_unstable();
        self.days.dedup();
        if self.days.len() == 7 {
            self.days.clear();
        }
        let start = parse_date(&self.start_date);
        if start.is_none() {
            err(SpecField::StartDate, "start date must be YYYY-MM-DD")?;
        }
        if let Some(end) = &self.end_date {
            match parse_date(end) {
                Some(end) if Some(end) >= start => {}
                _ => err(SpecField::EndDate, "end date must be YYYY-MM-DD, not before the start")?,
            }
        }
        if self.renewal_date.as_deref().is_some_and(|d| parse_date(d).is_none()) {
            err(SpecField::RenewalDate, "renewal date must be YYYY-MM-DD")?;
        }
        if self.supply_on_hand.is_some_and(|s| !(s.is_finite() && (0.0..=100_000.0).contains(&s))) {
            err(SpecField::SupplyOnHand, "supply must be between 0 and 100000")?;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn spec() -> MedicationSpec {
        let times = Timing::Times { times: vec!["20:00".into(), "08:00".into(), "08:00".into()] };
        MedicationSpec {
            strength: "80 mg".into(),
            form: "胶囊".into(),
            storage_note: Some("  ".into()),
            supply_on_hand: Some(28.0),
            ..MedicationSpec::new(" 缬沙坦胶囊 ", 1.0, "粒", times, "2026-01-01")
        }
    }

    #[test]
    fn parses_wall_clock_times() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("23:59"), Some(1439));
        for bad in ["24:00", "8:30", "08:60", "0830", "ab:cd"] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(parse_date("2028-02-29"), Some((2028, 2, 29)));
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "20260101", "1800-01-01"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn normalising_trims_sorts_and_drops_blank_notes() {
        let s = spec().normalised().unwrap();
        assert_eq!(s.name, "缬沙坦胶囊");
        assert_eq!(s.timing, Timing::Times { times: vec!["08:00".into(), "20:00".into()] });
        assert_eq!(s.storage_note, None);
    }

    #[test]
    fn every_bad_field_is_named() {
        type Breaker = fn(&mut MedicationSpec);
        let cases: [(Breaker, SpecField); 7] = [
            (|s| s.name = "".into(), SpecField::Name),
            (|s| s.dose_amount = f64::NAN, SpecField::DoseAmount),
            (|s| s.timing = Timing::Times { times: vec!["8am".into()] }, SpecField::Timing),
            (|s| s.timing = Timing::Interval { every_hours: 0, first: "08:00".into() }, SpecField::Timing),
            (|s| s.days = vec![0], SpecField::Days),
            (|s| s.end_date = Some("2025-12-31".into()), SpecField::EndDate),
            (|s| s.supply_on_hand = Some(-1.0), SpecField::SupplyOnHand),
        ];
        for (break_it, field) in cases {
            let mut s = spec();
            break_it(&mut s);
            assert_eq!(s.normalised().unwrap_err().field, field);
        }
    }

    #[test]
    fn all_seven_days_means_every_day() {
        let mut s = spec();
        s.days = vec![7, 1, 2, 3, 4, 5, 6];
        assert!(s.normalised().unwrap().days.is_empty());
    }
}
