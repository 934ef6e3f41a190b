//! Which occurrence a dose belongs to, adherence over a window, and anomalies worth a look.
use serde::{Deserialize, Serialize};

use super::{dose_state, log_for, DoseAction, DoseLog, DoseState, Occurrence, MISSED_AFTER_SECS, OFF_SCHEDULE_SECS};

/// A dose logged without an occurrence (as-needed, "I just took it") belongs to the nearest
/// occurrence of that medication within this distance.
pub const ATTRIBUTION_WINDOW_SECS: i64 = 12 * 3600;

/// The occurrence a dose of `medication_id` taken at `taken_at` belongs to: the nearest one
/// within [`ATTRIBUTION_WINDOW_SECS`], preferring one not yet logged. So a dose taken at
/// 00:30 counts for yesterday's 22:00 dose, not for today's 08:00 one.
pub fn attribute<'a>(
    medication_id: &str,
    taken_at: i64,
    occurrences: &'a [Occurrence],
    logs: &[DoseLog],
) -> Option<&'a Occurrence> {
    let near = |o: &&Occurrence| o.medication_id == medication_id && (o.at - taken_at).abs() <= ATTRIBUTION_WINDOW_SECS;
    let nearest = |it: &mut dyn Iterator<Item = &'a Occurrence>| it.min_by_key(|o| (o.at - taken_at).abs());
    nearest(&mut occurrences.iter().filter(near).filter(|o| log_for(logs, o).is_none()))
        .or_else(|| nearest(&mut occurrences.iter().filter(near)))
}

/// Doses taken out of doses due.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratio {
    pub due: u32,
    pub taken: u32,
}

impl Ratio {
    /// Whole percent, or `None` when nothing was due.
    pub fn percent(self) -> Option<u32> {
        (self.due > 0).then(|| (self.taken * 100 + self.due / 2) / self.due)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MedicationAdherence {
    pub medication_id: String,
    pub last_7: Ratio,
    pub last_30: Ratio,
}

/// Adherence over the last 7 and 30 days, overall and per medication.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Adherence {
    pub last_7: Ratio,
    pub last_30: Ratio,
    pub per_medication: Vec<MedicationAdherence>,
}

/// A dose counts once it is settled: logged, or past the point of being missed. A dose that
/// is merely overdue counts for nothing yet. Skipped doses count as due and not taken.
pub fn adherence(medication_ids: &[&str], occurrences: &[Occurrence], logs: &[DoseLog], now: i64) -> Adherence {
    let mut out = Adherence {
        per_medication: medication_ids
            .iter()
            .map(|id| MedicationAdherence {
                medication_id: id.to_string(),
                last_7: Ratio::default(),
                last_30: Ratio::default(),
            })
            .collect(),
        ..Adherence::default()
    };
    for o in occurrences.iter().filter(|o| o.at <= now) {
        let state = dose_state(o.at, log_for(logs, o).map(|l| l.action), now);
        if state == DoseState::Overdue {
            continue;
        }
        let taken = u32::from(state == DoseState::Taken);
        let age = now - o.at;
        let Some(per) = out.per_medication.iter_mut().find(|m| m.medication_id == o.medication_id) else { continue };
        for (limit, overall, mine) in [(7, &mut out.last_7, &mut per.last_7), (30, &mut out.last_30, &mut per.last_30)]
        {
            if age < limit * 86_400 {
                overall.due += 1;
                overall.taken += taken;
                mine.due += 1;
                mine.taken += taken;
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "super::wire::AnomalyKindWire")]
pub enum AnomalyKind {
    Missed,
    /// Logged as taken more than once.
    DoubleDose,
    /// Taken this many minutes from the scheduled time (negative: early).
    OffSchedule {
        minutes: i64,
    },
}

/// Something about a dose a member or pharmacist should notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Anomaly {
    pub medication_id: String,
    pub at: i64,
    pub kind: AnomalyKind,
}

/// Missed doses, doses logged as taken twice, and doses taken far from their time.
pub fn anomalies(occurrences: &[Occurrence], logs: &[DoseLog], now: i64) -> Vec<Anomaly> {
    let mut out = vec![];
    for o in occurrences.iter().filter(|o| o.at <= now) {
        let mine: Vec<&DoseLog> = logs
            .iter()
            .filter(|l| {
                l.medication_id == o.medication_id && l.scheduled_at == Some(o.at) && l.action == DoseAction::Taken
            })
            .collect();
        let anomaly = |kind| Anomaly { medication_id: o.medication_id.clone(), at: o.at, kind };
        if mine.is_empty() && now >= o.at + MISSED_AFTER_SECS && log_for(logs, o).is_none() {
            out.push(anomaly(AnomalyKind::Missed));
        }
        if mine.len() > 1 {
            out.push(anomaly(AnomalyKind::DoubleDose));
        }
        if let Some(l) = mine.iter().find(|l| (l.at - o.at).abs() > OFF_SCHEDULE_SECS) {
            out.push(anomaly(AnomalyKind::OffSchedule { minutes: (l.at - o.at) / 60 }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;

    fn occ(med: &str, at: i64) -> Occurrence {
        Occurrence { medication_id: med.into(), at, local_date: String::new(), local_time: String::new() }
    }

    fn log(med: &str, scheduled: i64, action: DoseAction, at: i64) -> DoseLog {
        DoseLog {
            id: format!("{med}-{scheduled}-{at}"),
            medication_id: med.into(),
            scheduled_at: Some(scheduled),
            action,
            at,
            amount: 1.0,
        }
    }

    #[test]
    fn a_dose_taken_after_midnight_counts_for_last_nights_dose() {
        // 22:00 yesterday and 08:00 today; taken at 00:30.
        let o = [occ("m", 22 * H), occ("m", 32 * H)];
        assert_eq!(attribute("m", 24 * H + 1800, &o, &[]).unwrap().at, 22 * H);
        // Once last night's is logged, a dose at 06:00 goes to this morning's.
        let logs = [log("m", 22 * H, DoseAction::Taken, 22 * H)];
        assert_eq!(attribute("m", 30 * H, &o, &logs).unwrap().at, 32 * H);
    }

    #[test]
    fn attribution_prefers_an_unlogged_dose_and_stays_within_its_window() {
        let o = [occ("m", 8 * H), occ("m", 20 * H), occ("other", 9 * H)];
        let logs = [log("m", 8 * H, DoseAction::Taken, 8 * H)];
        assert_eq!(attribute("m", 9 * H, &o, &logs).unwrap().at, 20 * H);
        assert_eq!(attribute("m", 40 * H, &o, &logs).map(|o| o.at), None);
        // Everything logged: the nearest one, which will show as a double dose.
        let logs = [log("m", 8 * H, DoseAction::Taken, 8 * H), log("m", 20 * H, DoseAction::Taken, 20 * H)];
        assert_eq!(attribute("m", 9 * H, &o, &logs).unwrap().at, 8 * H);
    }

    #[test]
    fn adherence_counts_settled_doses_in_each_window() {
        let day = 24 * H;
        let now = 40 * day;
        let o: Vec<Occurrence> = (0..40).map(|d| occ("m", d * day + 8 * H)).chain([occ("n", now - H)]).collect();
        // Taken on the last 5 days only, and day 39's 08:00 is settled (more than 2 h ago).
        let logs: Vec<DoseLog> =
            (35..40).map(|d| log("m", d * day + 8 * H, DoseAction::Taken, d * day + 8 * H)).collect();
        let a = adherence(&["m", "n"], &o, &logs, now);
        assert_eq!(a.per_medication[0].last_7, Ratio { due: 7, taken: 5 });
        assert_eq!(a.per_medication[0].last_30, Ratio { due: 30, taken: 5 });
        // "n" is only overdue: not counted yet.
        assert_eq!(a.per_medication[1].last_7, Ratio::default());
        assert_eq!(a.last_7.percent(), Some(71));
        assert_eq!(Ratio::default().percent(), None);
    }

    #[test]
    fn skipped_doses_are_due_but_not_taken() {
        let o = [occ("m", 0)];
        let logs = [log("m", 0, DoseAction::Skipped, 0)];
        assert_eq!(adherence(&["m"], &o, &logs, H).last_7, Ratio { due: 1, taken: 0 });
    }

    #[test]
    fn flags_missed_double_and_off_schedule_doses() {
        let o = [occ("m", 0), occ("m", 10 * H), occ("m", 20 * H), occ("m", 30 * H)];
        let logs = [
            log("m", 10 * H, DoseAction::Taken, 10 * H),
            log("m", 10 * H, DoseAction::Taken, 10 * H + 60),
            log("m", 20 * H, DoseAction::Taken, 23 * H),
        ];
        let kinds: Vec<(i64, AnomalyKind)> =
            anomalies(&o, &logs, 30 * H + 60).into_iter().map(|a| (a.at, a.kind)).collect();
        assert_eq!(
            kinds,
            [
                (0, AnomalyKind::Missed),
                (10 * H, AnomalyKind::DoubleDose),
                (20 * H, AnomalyKind::OffSchedule { minutes: 180 })
            ]
        );
    }
}
