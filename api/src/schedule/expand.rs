//! Expansion of a schedule into dose occurrences on the home wall clock (DST-safe).
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};

use super::{parse_date, parse_hhmm, MedicationSpec, Occurrence, Timing};

/// The IANA zone, from the tz database compiled into the binary (a fresh machine may have
/// no /usr/share/zoneinfo).
pub fn zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name).ok()
}

/// A `YYYY-MM-DD` string as a civil date.
pub fn date(s: &str) -> Option<Date> {
    let (y, m, d) = parse_date(s)?;
    Date::new(y, m as i8, d as i8).ok()
}

/// Today on the home wall clock at `now` (unix seconds).
pub fn local_date(tz: &TimeZone, now: i64) -> Date {
    instant(now).to_zoned(tz.clone()).date()
}

fn instant(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn hhmm(s: &str) -> Option<Time> {
    let m = parse_hhmm(s)?;
    Time::new((m / 60) as i8, (m % 60) as i8, 0, 0).ok()
}

/// Wall-clock date and time to an instant. A time skipped by a spring-forward gap falls
/// just after it (02:30 → 03:30); a time repeated by a fall-back fold is taken once, at its
/// first passing: a dose is never dropped or doubled by DST.
fn at_wall_clock(tz: &TimeZone, d: Date, t: Time) -> Option<Zoned> {
    tz.to_ambiguous_zoned(d.to_datetime(t)).compatible().ok()
}

fn occurrence(id: &str, z: &Zoned) -> Occurrence {
    Occurrence {
        medication_id: id.to_string(),
        at: z.timestamp().as_second(),
        local_date: z.date().to_string(),
        local_time: format!("{:02}:{:02}", z.hour(), z.minute()),
    }
}

/// The occurrences of medication `id` whose home-clock date lies in `from..=to`, ascending.
/// As-needed medications have none.
pub fn expand(id: &str, spec: &MedicationSpec, tz: &TimeZone, from: Date, to: Date) -> Vec<Occurrence> {
    let (Some(start), end) = (date(&spec.start_date), spec.end_date.as_deref().and_then(date)) else {
        return vec![];
    };
    let last = end.map_or(to, |e| e.min(to));
    let mut out = vec![];
    match &spec.timing {
        Timing::Times { times } => {
            let mut times: Vec<Time> = times.iter().filter_map(|t| hhmm(t)).collect();
            times.sort();
            let mut d = from.max(start);
            while d <= last {
                let weekday = d.weekday().to_monday_one_offset() as u8;
                if spec.days.is_empty() || spec.days.contains(&weekday) {
                    out.extend(times.iter().filter_map(|&t| at_wall_clock(tz, d, t)).map(|z| occurrence(id, &z)));
                }
                let Ok(next) = d.tomorrow() else { break };
                d = next;
            }
        }
        Timing::Interval { every_hours, first } => {
            let (Some(first), step) = (hhmm(first), i64::from(*every_hours).max(1) * 3600) else {
                return vec![];
            };
            let Some(anchor) = at_wall_clock(tz, start, first) else { return vec![] };
            let anchor = anchor.timestamp().as_second();
            let Some(window_start) = at_wall_clock(tz, from, Time::midnight()) else { return vec![] };
            let k0 = ((window_start.timestamp().as_second() - anchor).max(0) + step - 1) / step;
            for k in k0.. {
                let z = instant(anchor + k * step).to_zoned(tz.clone());
                if z.date() > last {
                    break;
                }
                if z.date() >= from {
                    out.push(occurrence(id, &z));
                }
            }
        }
        Timing::AsNeeded => {}
    }
    out
}

/// `d` plus `days` (negative goes back), saturating at the calendar's ends.
pub fn add_days(d: Date, days: i64) -> Date {
    d.checked_add(days.days()).unwrap_or(d)
}

/// Whole days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::MedicationSpec;

    fn spec(timing: Timing, start: &str) -> MedicationSpec {
        MedicationSpec::new("X", 1.0, "片", timing, start)
    }

    fn times(ts: &[&str]) -> Timing {
        Timing::Times { times: ts.iter().map(|t| t.to_string()).collect() }
    }

    fn labels(occ: &[Occurrence]) -> Vec<String> {
        occ.iter().map(|o| format!("{} {}", o.local_date, o.local_time)).collect()
    }

    fn d(s: &str) -> Date {
        date(s).unwrap()
    }

    #[test]
    fn wall_clock_times_stay_put_across_spring_forward_in_new_york() {
        let tz = zone("America/New_York").unwrap();
        let occ = expand("m", &spec(times(&["08:00"]), "2026-01-01"), &tz, d("2026-03-07"), d("2026-03-09"));
        assert_eq!(labels(&occ), ["2026-03-07 08:00", "2026-03-08 08:00", "2026-03-09 08:00"]);
        // 08:00 EST is 13:00 UTC; after the change 08:00 EDT is 12:00 UTC: 23 hours apart.
        assert_eq!(occ[1].at - occ[0].at, 23 * 3600);
        assert_eq!(occ[2].at - occ[1].at, 24 * 3600);
    }

    #[test]
    fn a_time_inside_the_spring_gap_is_given_once_just_after_it() {
        let tz = zone("America/New_York").unwrap();
        let occ = expand("m", &spec(times(&["02:30"]), "2026-01-01"), &tz, d("2026-03-08"), d("2026-03-08"));
        assert_eq!(labels(&occ), ["2026-03-08 03:30"]);
    }

    #[test]
    fn a_time_inside_the_autumn_fold_in_berlin_is_given_once() {
        let tz = zone("Europe/Berlin").unwrap();
        let occ = expand("m", &spec(times(&["02:30", "08:00"]), "2026-01-01"), &tz, d("2026-10-25"), d("2026-10-25"));
        assert_eq!(labels(&occ), ["2026-10-25 02:30", "2026-10-25 08:00"]);
        // The first 02:30 (CEST, UTC+2) is 00:30 UTC.
        assert_eq!(occ[0].at % 86_400, 30 * 60);
        // Then 08:00 CET (UTC+1) is 07:00 UTC: 5.5 h of wall clock are 6.5 h of real time.
        assert_eq!(occ[1].at - occ[0].at, 6 * 3600 + 1800);
    }

    #[test]
    fn shanghai_has_no_dst_so_days_are_24_hours_apart() {
        let tz = zone("Asia/Shanghai").unwrap();
        let occ = expand("m", &spec(times(&["07:30"]), "2026-03-01"), &tz, d("2026-03-07"), d("2026-03-10"));
        assert!(occ.windows(2).all(|w| w[1].at - w[0].at == 86_400));
        // 07:30 at UTC+8 is 23:30 UTC the day before.
        assert_eq!(occ[0].at % 86_400, 23 * 3600 + 1800);
    }

    #[test]
    fn an_interval_keeps_its_gap_in_real_hours_across_dst() {
        let tz = zone("Europe/Berlin").unwrap();
        let s = spec(Timing::Interval { every_hours: 8, first: "06:00".into() }, "2026-03-28");
        let occ = expand("m", &s, &tz, d("2026-03-28"), d("2026-03-29"));
        assert_eq!(
            labels(&occ),
            [
                "2026-03-28 06:00",
                "2026-03-28 14:00",
                "2026-03-28 22:00",
                "2026-03-29 07:00",
                "2026-03-29 15:00",
                "2026-03-29 23:00"
            ]
        );
        assert!(occ.windows(2).all(|w| w[1].at - w[0].at == 8 * 3600));
    }

    #[test]
    fn an_interval_window_starting_later_continues_the_chain() {
        let tz = zone("Asia/Shanghai").unwrap();
        let s = spec(Timing::Interval { every_hours: 10, first: "08:00".into() }, "2026-11-01");
        let occ = expand("m", &s, &tz, d("2026-11-02"), d("2026-11-02"));
        // 08:00, 18:00, 04:00 (2nd), 14:00 (2nd), 00:00 (3rd)
        assert_eq!(labels(&occ), ["2026-11-02 04:00", "2026-11-02 14:00"]);
    }

    #[test]
    fn weekdays_start_and_end_limit_the_days() {
        let tz = zone("Asia/Shanghai").unwrap();
        let mut s = spec(times(&["09:00"]), "2026-11-17");
        s.days = vec![1, 4]; // Mondays and Thursdays; 2026-11-16 is a Monday
        s.end_date = Some("2026-11-26".into());
        let occ = expand("m", &s, &tz, d("2026-11-09"), d("2026-11-30"));
        assert_eq!(labels(&occ), ["2026-11-19 09:00", "2026-11-23 09:00", "2026-11-26 09:00"]);
    }

    #[test]
    fn as_needed_has_no_occurrences() {
        let tz = zone("Asia/Shanghai").unwrap();
        assert!(expand("m", &spec(Timing::AsNeeded, "2026-01-01"), &tz, d("2026-01-01"), d("2026-12-31")).is_empty());
    }

    #[test]
    fn local_date_follows_the_home_zone_not_utc() {
        let tz = zone("Asia/Shanghai").unwrap();
        // 2026-11-22 17:30 UTC is 2026-11-23 01:30 in Shanghai.
        let now: Timestamp = "2026-11-22T17:30:00Z".parse().unwrap();
        assert_eq!(local_date(&tz, now.as_second()), d("2026-11-23"));
        assert_eq!(days_between(d("2026-11-23"), d("2026-12-01")), 8);
        assert_eq!(add_days(d("2026-12-30"), 3).to_string(), "2027-01-02");
    }
}
