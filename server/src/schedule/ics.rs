//! The schedule as an iCalendar feed (RFC 5545), so a phone calendar reminds the member
//! with no network and no app open. Times are local with TZID and a VTIMEZONE built from
//! the same tz database the schedule uses, so reminders follow DST like the schedule does.
use api::schedule::expand::{add_days, date};
use api::schedule::{dose_label, Medication, Timing};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::schedule::day_start;

/// Text values escaped per RFC 5545 §3.3.11.
fn text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Content lines folded at 75 octets (on char boundaries) and ended with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut len = 0;
    for c in line.chars() {
        if len + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, s % 3600 / 60)
}

/// VTIMEZONE with every transition from a year before `from` to five years after, each as
/// its own observance (no RRULE to get wrong); a zone without DST gets one observance.
fn vtimezone(lines: &mut Vec<String>, name: &str, tz: &TimeZone, from: Timestamp) {
    lines.push("BEGIN:VTIMEZONE".into());
    lines.push(format!("TZID:{name}"));
    let start = from.checked_sub(jiff::SignedDuration::from_hours(366 * 24)).unwrap_or(from);
    let end = from.checked_add(jiff::SignedDuration::from_hours(5 * 366 * 24)).unwrap_or(from);
    let first = tz.to_offset_info(start);
    let mut prev = first.offset().seconds();
    let observance = |lines: &mut Vec<String>, dst: bool, at_local: String, from_off: i32, to_off: i32, abbr: &str| {
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("DTSTART:{at_local}"));
        lines.push(format!("TZOFFSETFROM:{}", offset(from_off)));
        lines.push(format!("TZOFFSETTO:{}", offset(to_off)));
        lines.push(format!("TZNAME:{}", text(abbr)));
        lines.push(format!("END:{kind}"));
    };
    observance(lines, first.dst().is_dst(), "19700101T000000".into(), prev, prev, first.abbreviation());
    for t in tz.following(start).take_while(|t| t.timestamp() < end) {
        let to = t.offset().seconds();
        // DTSTART of an observance is the local time *before* the change (RFC 5545 §3.6.5).
        let local = jiff::tz::Offset::from_seconds(prev).unwrap_or(jiff::tz::Offset::UTC).to_datetime(t.timestamp());
        observance(lines, t.dst().is_dst(), local.strftime("%Y%m%dT%H%M%S").to_string(), prev, to, t.abbreviation());
        prev = to;
    }
    lines.push("END:VTIMEZONE".into());
}

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The member's schedule as a calendar: one recurring event per medication and time of day
/// (one per medication for intervals), each with a display alarm at the dose time.
pub fn calendar(zone_name: &str, tz: &TimeZone, meds: &[Medication], now: i64, title: &str) -> String {
    let now_ts = Timestamp::from_second(now).unwrap_or(Timestamp::UNIX_EPOCH);
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//pharmacy-portal//schedule//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(title)),
        format!("X-WR-TIMEZONE:{zone_name}"),
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H".into(),
    ];
    vtimezone(&mut lines, zone_name, tz, now_ts);
    for m in meds {
        let Some(start) = date(&m.spec.start_date) else { continue };
        let until = m
            .spec
            .end_date
            .as_deref()
            .and_then(date)
            .map(|e| utc(Timestamp::from_second(day_start(tz, add_days(e, 1)) - 1).unwrap_or(now_ts)));
        let summary = format!("{} {}", m.spec.name, dose_label(m.spec.dose_amount, &m.spec.dose_unit));
        let description: Vec<&str> =
            [Some(m.spec.strength.as_str()), m.spec.food_note.as_deref(), m.spec.storage_note.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect();
        let events: Vec<(String, String)> = match &m.spec.timing {
            Timing::Times { times } => times
                .iter()
                .map(|t| {
                    let rule = if m.spec.days.is_empty() {
                        "FREQ=DAILY".to_string()
                    } else {
                        let days: Vec<&str> =
                            m.spec.days.iter().map(|d| BYDAY[(*d as usize).clamp(1, 7) - 1]).collect();
                        format!("FREQ=WEEKLY;BYDAY={}", days.join(","))
                    };
                    (t.replace(':', ""), rule)
                })
                .collect(),
            Timing::Interval { every_hours, first } => {
                vec![(first.replace(':', ""), format!("FREQ=HOURLY;INTERVAL={every_hours}"))]
            }
            Timing::AsNeeded => vec![],
        };
        for (hhmm, rule) in events {
            let rule = match &until {
                Some(u) => format!("{rule};UNTIL={u}"),
                None => rule,
            };
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:{}-{hhmm}@pharmacy-portal", m.id));
            lines.push(format!("DTSTAMP:{}", utc(now_ts)));
            lines.push(format!("DTSTART;TZID={zone_name}:{}T{hhmm}00", start.strftime("%Y%m%d")));
            lines.push("DURATION:PT15M".into());
            lines.push(format!("RRULE:{rule}"));
            lines.push(format!("SUMMARY:{}", text(&summary)));
            if !description.is_empty() {
                lines.push(format!("DESCRIPTION:{}", text(&description.join(" · "))));
            }
            lines.push("TRANSP:TRANSPARENT".into());
            lines.push("BEGIN:VALARM".into());
            lines.push("ACTION:DISPLAY".into());
            lines.push(format!("DESCRIPTION:{}", text(&summary)));
            lines.push("TRIGGER:PT0M".into());
            lines.push("END:VALARM".into());
            lines.push("END:VEVENT".into());
        }
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in &lines {
        push_line(&mut out, l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_on_char_boundaries_within_75_octets() {
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{}", "门冬胰岛素注射液".repeat(6)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(out.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "门冬胰岛素注射液".repeat(6)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn new_york_gets_its_dst_observances() {
        let tz = TimeZone::get("America/New_York").unwrap();
        let mut lines = vec![];
        vtimezone(&mut lines, "America/New_York", &tz, "2026-11-23T00:00:00Z".parse().unwrap());
        let joined = lines.join("\n");
        assert!(
            joined.contains("BEGIN:DAYLIGHT\nDTSTART:20260308T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400"),
            "{joined}"
        );
        assert!(
            joined.contains("BEGIN:STANDARD\nDTSTART:20261101T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500"),
            "{joined}"
        );
    }
}
