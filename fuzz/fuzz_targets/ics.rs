//! The calendar export: any medicines a member could have stored (JSON as the API takes
//! it), in any of a few time zones, at any time, become an iCalendar file without panicking,
//! with CRLF line endings and no line longer than RFC 5545's 75 octets.
#![no_main]
use api::schedule::Medication;
use libfuzzer_sys::fuzz_target;

const ZONES: [&str; 4] = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Some((now_bytes, json)) = rest.split_at_checked(4) else { return };
    let Ok(meds) = serde_json::from_slice::<Vec<Medication>>(json) else { return };
    let zone = ZONES[usize::from(pick) % ZONES.len()];
    let tz = jiff::tz::TimeZone::get(zone).unwrap();
    // 2020-01-01 plus up to ~136 years of seconds.
    let now = 1_577_836_800 + i64::from(u32::from_le_bytes(now_bytes.try_into().unwrap()));
    let ics = server::schedule::ics::calendar(zone, &tz, &meds, now, "用药提醒");
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "an unfolded line: {line:?}");
        assert!(!line.contains('\n') && !line.contains('\r'), "a bare line break: {line:?}");
    }
});
