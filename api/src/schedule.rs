//! Medication schedules: times of day are wall-clock times in the member's home time zone.
use serde::{Deserialize, Serialize};

/// A medication on the member's schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Medication {
    pub id: String,
    pub name: String,
    pub strength: String,
    pub dose: String,
    /// Wall-clock times, `HH:MM`, ascending.
    pub times: Vec<String>,
    /// e.g. "2–8 °C, do not freeze" for cold-chain drugs.
    pub storage_note: Option<String>,
}

/// The next scheduled dose after now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextDose {
    pub medication: String,
    pub dose: String,
    /// `HH:MM` wall-clock time.
    pub time: String,
    /// True when the dose is tomorrow (no dose left today).
    pub tomorrow: bool,
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

/// The first dose strictly after `now_minutes` (local minutes after midnight) across all
/// medications; wraps to tomorrow's first dose. Ties keep the schedule's order.
pub fn next_dose(meds: &[Medication], now_minutes: u16) -> Option<NextDose> {
    let slots = meds.iter().flat_map(|m| m.times.iter().filter_map(move |t| parse_hhmm(t).map(|min| (min, m, t))));
    let mut today: Option<(u16, &Medication, &String)> = None;
    let mut first: Option<(u16, &Medication, &String)> = None;
    for slot in slots {
        if slot.0 > now_minutes && today.is_none_or(|t| slot.0 < t.0) {
            today = Some(slot);
        }
        if first.is_none_or(|f| slot.0 < f.0) {
            first = Some(slot);
        }
    }
    let (tomorrow, (_, med, time)) = match (today, first) {
        (Some(t), _) => (false, t),
        (None, Some(f)) => (true, f),
        (None, None) => return None,
    };
    Some(NextDose { medication: med.name.clone(), dose: med.dose.clone(), time: time.clone(), tomorrow })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn med(name: &str, times: &[&str]) -> Medication {
        Medication {
            id: name.into(),
            name: name.into(),
            strength: "5 mg".into(),
            dose: "1 片".into(),
            times: times.iter().map(|t| t.to_string()).collect(),
            storage_note: None,
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
    fn picks_the_earliest_dose_still_ahead_today() {
        let meds = [med("A", &["08:00", "20:00"]), med("B", &["12:00"])];
        let next = next_dose(&meds, 9 * 60).unwrap();
        assert_eq!((next.medication.as_str(), next.time.as_str(), next.tomorrow), ("B", "12:00", false));
    }

    #[test]
    fn a_dose_at_exactly_now_is_not_next() {
        let next = next_dose(&[med("A", &["08:00", "20:00"])], 8 * 60).unwrap();
        assert_eq!(next.time, "20:00");
    }

    #[test]
    fn wraps_to_tomorrows_first_dose_after_the_last_one() {
        let meds = [med("A", &["08:00", "20:00"]), med("B", &["07:30"])];
        let next = next_dose(&meds, 21 * 60).unwrap();
        assert_eq!((next.medication.as_str(), next.time.as_str(), next.tomorrow), ("B", "07:30", true));
    }

    #[test]
    fn nothing_scheduled_gives_none() {
        assert_eq!(next_dose(&[], 0), None);
        assert_eq!(next_dose(&[med("A", &["bad"])], 0), None);
    }
}
