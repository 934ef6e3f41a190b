//! How long the supply lasts, and the refill and renewal reminders it leads to.
use jiff::civil::Date;

use super::expand::{add_days, date, days_between};
use super::{
    Medication, MedicationSpec, Reminder, ReminderKind, SupplyEstimate, Timing, REFILL_REMINDER_DAYS,
    RENEWAL_REMINDER_DAYS,
};

/// Units used per day on average; `None` for as-needed medications (no estimate possible).
pub fn daily_amount(spec: &MedicationSpec) -> Option<f64> {
    let per_day = match &spec.timing {
        Timing::Times { times } => {
            let days_a_week = if spec.days.is_empty() { 7 } else { spec.days.len() };
            times.len() as f64 * days_a_week as f64 / 7.0
        }
        Timing::Interval { every_hours, .. } => 24.0 / f64::from((*every_hours).max(1)),
        Timing::AsNeeded => return None,
    };
    Some(per_day * spec.dose_amount).filter(|a| *a > 0.0)
}

/// The supply estimate for `remaining` units from `today`.
pub fn estimate(spec: &MedicationSpec, remaining: f64, today: Date) -> Option<SupplyEstimate> {
    let daily = daily_amount(spec)?;
    let days_left = (remaining.max(0.0) / daily + 1e-9).floor() as i64;
    Some(SupplyEstimate { remaining, days_left, runs_out_on: add_days(today, days_left).to_string() })
}

/// Refill reminders from [`REFILL_REMINDER_DAYS`] before the supply runs out, renewal
/// reminders from [`RENEWAL_REMINDER_DAYS`] before the renewal date; none for a medication
/// whose course ends first.
pub fn reminders(meds: &[Medication], today: Date) -> Vec<Reminder> {
    let mut out = vec![];
    for m in meds {
        let end = m.spec.end_date.as_deref().and_then(date);
        if end.is_some_and(|e| e < today) {
            continue;
        }
        let mut remind = |kind, due: Date, window| {
            let days_left = days_between(today, due);
            if days_left <= window && end.is_none_or(|e| due <= e) {
                out.push(Reminder { kind, medication_id: m.id.clone(), due_on: due.to_string(), days_left });
            }
        };
        if let Some(runs_out) = m.supply.as_ref().and_then(|s| date(&s.runs_out_on)) {
            remind(ReminderKind::Refill, runs_out, REFILL_REMINDER_DAYS);
        }
        if let Some(renew) = m.spec.renewal_date.as_deref().and_then(date) {
            remind(ReminderKind::Renewal, renew, RENEWAL_REMINDER_DAYS);
        }
    }
    out.sort_by_key(|r| r.days_left);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn med(timing: Timing, days: Vec<u8>, amount: f64) -> Medication {
        Medication {
            id: "m".into(),
            spec: MedicationSpec { days, ..MedicationSpec::new("X", amount, "片", timing, "2026-01-01") },
            supply: None,
            drug: None,
        }
    }

    fn twice_daily() -> Timing {
        Timing::Times { times: vec!["08:00".into(), "20:00".into()] }
    }

    fn d(s: &str) -> Date {
        date(s).unwrap()
    }

    #[test]
    fn daily_amount_follows_times_weekdays_intervals_and_dose() {
        assert_eq!(daily_amount(&med(twice_daily(), vec![], 1.5).spec), Some(3.0));
        assert_eq!(daily_amount(&med(twice_daily(), vec![1, 4], 1.0).spec), Some(4.0 / 7.0));
        assert_eq!(
            daily_amount(&med(Timing::Interval { every_hours: 8, first: "06:00".into() }, vec![], 1.0).spec),
            Some(3.0)
        );
        assert_eq!(daily_amount(&med(Timing::AsNeeded, vec![], 1.0).spec), None);
    }

    #[test]
    fn twenty_tablets_at_two_a_day_last_ten_days() {
        let s = estimate(&med(twice_daily(), vec![], 1.0).spec, 20.0, d("2026-11-23")).unwrap();
        assert_eq!((s.days_left, s.runs_out_on.as_str()), (10, "2026-12-03"));
        let s = estimate(&med(twice_daily(), vec![], 1.0).spec, 19.0, d("2026-11-23")).unwrap();
        assert_eq!(s.days_left, 9);
        assert_eq!(estimate(&med(twice_daily(), vec![], 1.0).spec, -3.0, d("2026-11-23")).unwrap().days_left, 0);
    }

    #[test]
    fn refill_reminder_starts_seven_days_before_running_out() {
        let today = d("2026-11-23");
        let with_supply = |units: f64| {
            let mut m = med(twice_daily(), vec![], 1.0);
            m.supply = estimate(&m.spec, units, today);
            m
        };
        assert!(reminders(&[with_supply(16.0)], today).is_empty()); // 8 days left
        let r = reminders(&[with_supply(14.0)], today);
        assert_eq!((r[0].kind, r[0].days_left, r[0].due_on.as_str()), (ReminderKind::Refill, 7, "2026-11-30"));
    }

    #[test]
    fn no_refill_reminder_when_the_course_ends_before_the_supply() {
        let today = d("2026-11-23");
        let mut m = med(twice_daily(), vec![], 1.0);
        m.supply = estimate(&m.spec, 6.0, today);
        m.spec.end_date = Some("2026-11-25".into());
        assert!(reminders(&[m], today).is_empty());
    }

    #[test]
    fn renewal_reminder_starts_three_days_before_and_stays_when_overdue() {
        let today = d("2026-11-23");
        let mut m = med(twice_daily(), vec![], 1.0);
        for (renew, expect) in [("2026-11-27", None), ("2026-11-26", Some(3)), ("2026-11-20", Some(-3))] {
            m.spec.renewal_date = Some(renew.into());
            let r = reminders(std::slice::from_ref(&m), today);
            assert_eq!(r.first().map(|r| (r.kind, r.days_left)), expect.map(|d| (ReminderKind::Renewal, d)), "{renew}");
        }
    }
}
