//! Dates, times and numbers as members read them, in the current language.
use js_sys::Date;
use wasm_bindgen::JsValue;

use crate::i18n::Locale;

/// A calendar date for unix seconds, in the device's time zone: `2026年12月31日` / `31 Dec 2026`.
pub fn date(locale: Locale, unix_secs: i64) -> String {
    let d = Date::new(&JsValue::from_f64(unix_secs as f64 * 1000.0));
    let (y, m, day) = (d.get_full_year(), d.get_month() + 1, d.get_date());
    match locale {
        Locale::Zh => format!("{y}年{m}月{day}日"),
        Locale::En => {
            const MONTHS: [&str; 12] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            format!("{day} {} {y}", MONTHS[(m as usize - 1).min(11)])
        }
    }
}

/// Drug discount text: 5 (% off) → "95" in Chinese (95折) and "5" in English (5% off);
/// whole tens drop the zero, as Chinese shops write it (10% off → 9折).
pub fn discount(locale: Locale, percent_off: i32) -> String {
    match locale {
        Locale::Zh => {
            let rest = 100 - percent_off;
            if rest % 10 == 0 {
                (rest / 10).to_string()
            } else {
                rest.to_string()
            }
        }
        Locale::En => percent_off.to_string(),
    }
}

pub use api::numbers::group_thousands as number;

/// A tier's name in the current language (tiers are server data, named in both).
pub fn tier_name(locale: Locale, tier: &api::tier::Tier) -> String {
    match locale {
        Locale::Zh => tier.name_zh.clone(),
        Locale::En => tier.name_en.clone(),
    }
}

/// Percent-encodes one URL component (query value or path segment).
pub fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// `HH:MM` on the device clock for unix seconds.
pub fn clock(unix_secs: i64) -> String {
    let d = Date::new(&JsValue::from_f64(unix_secs as f64 * 1000.0));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// "14:05" today, otherwise the date and time: when the data on screen was last synced.
pub fn moment(locale: Locale, unix_secs: i64, now_secs: i64) -> String {
    if date(locale, unix_secs) == date(locale, now_secs) {
        clock(unix_secs)
    } else {
        format!("{} {}", date(locale, unix_secs), clock(unix_secs))
    }
}

/// A home-zone `YYYY-MM-DD` as members read it: `11月23日 周一` / `Mon 23 Nov`.
pub fn day(locale: Locale, ymd: &str, weekdays: &[&str; 7]) -> String {
    let Some((y, m, d)) = api::schedule::parse_date(ymd) else { return ymd.to_string() };
    // Weekday of a civil date without a tz database (Sakamoto's method), Monday = 0.
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let yy = i32::from(y) - i32::from(m < 3);
    let sunday0 = (yy + yy / 4 - yy / 100 + yy / 400 + T[m as usize - 1] + i32::from(d)) % 7;
    let wd = weekdays[((sunday0 + 6) % 7) as usize];
    match locale {
        Locale::Zh => format!("{m}月{d}日 {wd}"),
        Locale::En => {
            const MONTHS: [&str; 12] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            format!("{wd} {d} {}", MONTHS[m as usize - 1])
        }
    }
}
