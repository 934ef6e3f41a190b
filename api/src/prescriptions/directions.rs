//! Reading a drug line's directions: strength (规格), dose, frequency, route and quantity.
//!
//! Each reader takes a normalised line (see [`super::text::normalise`]) and returns the
//! recognised piece as written, so the member confirms what the paper says; [`Frequency`]
//! turns the written frequency into something a schedule can use.
use super::text::{find_all_ci, is_word_at, leading_number};

/// How often a drug is taken, as a schedule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// N times a day (qd = 1, bid = 2, tid = 3, qid = 4).
    PerDay(u8),
    /// Every N hours around the clock (q8h).
    EveryHours(u8),
    /// Once a day at bedtime (qn, qhs, 每晚).
    AtNight,
    /// Only when needed (prn, 必要时).
    AsNeeded,
}

const LATIN: &[(&str, Frequency)] = &[
    ("qd", Frequency::PerDay(1)),
    ("od", Frequency::PerDay(1)),
    ("bid", Frequency::PerDay(2)),
    ("tid", Frequency::PerDay(3)),
    ("qid", Frequency::PerDay(4)),
    ("qn", Frequency::AtNight),
    ("qhs", Frequency::AtNight),
    ("hs", Frequency::AtNight),
    ("prn", Frequency::AsNeeded),
];

const PHRASES: &[(&str, Frequency)] = &[
    ("once daily", Frequency::PerDay(1)),
    ("once a day", Frequency::PerDay(1)),
    ("twice daily", Frequency::PerDay(2)),
    ("twice a day", Frequency::PerDay(2)),
    ("three times daily", Frequency::PerDay(3)),
    ("three times a day", Frequency::PerDay(3)),
    ("3 times daily", Frequency::PerDay(3)),
    ("3 times a day", Frequency::PerDay(3)),
    ("four times daily", Frequency::PerDay(4)),
    ("four times a day", Frequency::PerDay(4)),
    ("at bedtime", Frequency::AtNight),
    ("as needed", Frequency::AsNeeded),
    ("when needed", Frequency::AsNeeded),
    ("必要时", Frequency::AsNeeded),
    ("需要时", Frequency::AsNeeded),
    ("疼痛时", Frequency::AsNeeded),
    ("睡前", Frequency::AtNight),
];

/// A recognised piece of a line: what it says and where (byte range) it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub text: String,
    pub start: usize,
}

impl Frequency {
    /// Reads the first frequency written in `line`: 每日3次, 一日两次, 每8小时, 每晚, bid,
    /// b.i.d., q8h, "twice daily", "every 8 hours", 必要时 …
    pub fn find(line: &str) -> Option<Found<Frequency>> {
        let undotted = undot(line);
        let line = undotted.as_str();
        let mut found: Vec<Found<Frequency>> = Vec::new();
        for prefix in ["每日", "每天", "一日", "日"] {
            for (at, _) in line.match_indices(prefix) {
                let rest = &line[at + prefix.len()..];
                if let Some((n, len)) = leading_number(rest) {
                    if rest[len..].starts_with('次') && (1.0..=12.0).contains(&n) {
                        let end = at + prefix.len() + len + '次'.len_utf8();
                        found.push(Found { value: Frequency::PerDay(n as u8), text: line[at..end].into(), start: at });
                    }
                }
            }
        }
        for (at, _) in line.match_indices('每') {
            let mut rest = &line[at + '每'.len_utf8()..];
            let skip = if rest.starts_with('隔') { '隔'.len_utf8() } else { 0 };
            rest = &rest[skip..];
            if let Some((n, len)) = leading_number(rest) {
                let unit = &rest[len..];
                let h = ["小时", "h"].iter().find(|u| unit.starts_with(*u));
                if let (Some(h), 1.0..=24.0) = (h, n) {
                    let end = at + '每'.len_utf8() + skip + len + h.len();
                    found.push(Found { value: Frequency::EveryHours(n as u8), text: line[at..end].into(), start: at });
                }
            }
            if rest.starts_with('晚') {
                let end = at + '每'.len_utf8() + '晚'.len_utf8();
                found.push(Found { value: Frequency::AtNight, text: line[at..end].into(), start: at });
            }
        }
        for (word, value) in LATIN {
            for at in find_all_ci(line, word) {
                if is_word_at(line, at, word.len()) {
                    found.push(Found { value: *value, text: line[at..at + word.len()].into(), start: at });
                }
            }
        }
        // q6h, q8h, q12h
        for at in find_all_ci(line, "q") {
            let rest = &line[at + 1..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && rest[digits..].to_ascii_lowercase().starts_with('h') && is_word_at(line, at, digits + 2) {
                if let Ok(n @ 1..=24) = rest[..digits].parse::<u8>() {
                    found.push(Found {
                        value: Frequency::EveryHours(n),
                        text: line[at..at + digits + 2].into(),
                        start: at,
                    });
                }
            }
        }
        for at in find_all_ci(line, "every ") {
            let rest = &line[at + 6..];
            if let Some((n, len)) = leading_number(rest) {
                let unit = rest[len..].trim_start();
                if unit.to_ascii_lowercase().starts_with("hour") && (1.0..=24.0).contains(&n) {
                    let mut end = line.len() - unit.len() + 4;
                    end += usize::from(line[end..].starts_with('s'));
                    found.push(Found { value: Frequency::EveryHours(n as u8), text: line[at..end].into(), start: at });
                }
            }
        }
        for (phrase, value) in PHRASES {
            for at in find_all_ci(line, phrase) {
                found.push(Found { value: *value, text: line[at..at + phrase.len()].into(), start: at });
            }
        }
        found.into_iter().min_by_key(|f| f.start)
    }

    /// Reads a frequency from a whole field the member may have edited ("每日2次", "bid").
    pub fn parse(text: &str) -> Option<Frequency> {
        Self::find(&super::text::normalise(text)).map(|f| f.value)
    }
}

/// "b.i.d." → "bid", keeping everything else (byte offsets then refer to the undotted text).
fn undot(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_letters = c == '.'
            && i > 0
            && chars[i - 1].is_ascii_alphabetic()
            && (chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic())
                || chars.get(i.wrapping_sub(2)).is_some_and(|p| *p == '.'));
        if !between_letters {
            out.push(c);
        }
    }
    out
}

const STRENGTH_UNITS: &[&str] = &["万单位", "单位", "mcg", "μg", "ug", "mg", "ml", "iu", "g", "u", "%"];
const DOSE_UNITS: &[&str] = &[
    "片", "粒", "袋", "支", "滴", "喷", "揿", "丸", "单位", "mg", "μg", "mcg", "ug", "g", "ml", "tablets", "tablet",
    "tabs", "tab", "capsules", "capsule", "caps", "cap", "puffs", "puff", "units", "drops",
];
const PACK_UNITS: &[&str] = &["片", "粒", "盒", "瓶", "支", "袋", "tablets", "tabs", "capsules", "caps"];

/// A value that is one mass and nothing else ("0.5g", "500 mg", "50μg"), in milligrams.
pub fn milligrams(value: &str) -> Option<f64> {
    let value = value.trim();
    let found = number_with_unit(value, 0, &["mcg", "μg", "ug", "mg", "g"])?;
    let (amount, unit) = found.value;
    let per_mg = match unit.as_str() {
        "g" => 1000.0,
        "mg" => 1.0,
        _ => 0.001,
    };
    (found.start == 0 && found.text.len() == value.len() && amount > 0.0).then_some(amount * per_mg)
}

/// The first `<number><unit>` at or after `from` whose unit is one of `units`.
fn number_with_unit(line: &str, from: usize, units: &[&str]) -> Option<Found<(f64, String)>> {
    let mut i = from;
    while i < line.len() {
        if !line.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let prev_digit = line[..i].chars().last().is_some_and(|c| c.is_ascii_digit() || c == '.');
        if let (false, Some((n, len))) = (prev_digit, leading_number(&line[i..])) {
            if line[i..].starts_with(|c: char| c.is_ascii_digit()) {
                let after = &line[i + len..];
                let gap = after.len() - after.trim_start().len();
                let lower = after.trim_start().to_lowercase();
                if let Some(u) = units.iter().find(|u| lower.starts_with(*u)) {
                    let end = i + len + gap + u.len();
                    if is_word_end(line, end) {
                        return Some(Found { value: (n, u.to_string()), text: line[i..end].into(), start: i });
                    }
                }
            }
        }
        i += 1;
    }
    None
}

/// Nothing alphabetic follows, except a quantity's "x" ("5mgX14片").
fn is_word_end(line: &str, end: usize) -> bool {
    let mut rest = line[end..].chars();
    match rest.next() {
        Some('x' | 'X') => rest.find(|c: &char| *c != ' ').is_none_or(|c| c.is_ascii_digit()),
        Some(c) => !c.is_ascii_alphabetic(),
        None => true,
    }
}

/// 规格: "20mg", "0.5g", "100单位/ml" — the first strength after the drug name.
pub fn strength(line: &str, after_name: usize) -> Option<Found<String>> {
    let f = number_with_unit(line, after_name, STRENGTH_UNITS)?;
    let mut end = f.start + f.text.len();
    // "100单位/ml", "5mg/5ml": keep the per-volume part.
    if let Some(rest) = line[end..].strip_prefix('/') {
        let per: usize = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).map(char::len_utf8).sum();
        end += 1 + per;
    }
    Some(Found { value: line[f.start..end].to_string(), text: line[f.start..end].to_string(), start: f.start })
}

/// One dose: 每次1片, 一次2粒, 1片/次, "1 tab", "take 2 tablets" → amount and unit.
pub fn dose(line: &str, after_strength: usize) -> Option<Found<(f64, String)>> {
    for marker in ["每次", "一次", "1次"] {
        if let Some(at) = line.find(marker) {
            let rest = &line[at + marker.len()..];
            let rest_trim = rest.trim_start();
            if let Some((n, len)) = leading_number(rest_trim) {
                let unit_part = rest_trim[len..].trim_start().to_lowercase();
                if let Some(u) = DOSE_UNITS.iter().find(|u| unit_part.starts_with(*u)) {
                    let end = at
                        + marker.len()
                        + (rest.len() - rest_trim.len())
                        + len
                        + (rest_trim[len..].len() - rest_trim[len..].trim_start().len())
                        + u.len();
                    return Some(Found { value: (n, u.to_string()), text: line[at..end].into(), start: at });
                }
            }
        }
    }
    // Every amount after the strength that is not a quantity ("×14片"); the dose is the one
    // written nearest before the frequency ("28片 25mg 每日1次" in a table row: 25mg).
    let mut amounts = Vec::new();
    let mut from = after_strength;
    while let Some(f) = number_with_unit(line, from, DOSE_UNITS) {
        from = f.start + f.text.len();
        let before = line[..f.start].trim_end();
        if !(before.ends_with(['×', 'x', 'X', '*', '#', '共']) || before.to_lowercase().ends_with("qty")) {
            amounts.push(f);
        }
    }
    let frequency_at = Frequency::find(line).map_or(line.len(), |f| f.start);
    let before_frequency = amounts.iter().rposition(|f| f.start < frequency_at);
    before_frequency.or(if amounts.is_empty() { None } else { Some(0) }).map(|i| amounts.swap_remove(i))
}

/// Route: 口服, 舌下含服, 皮下注射, 外用, 吸入, po, oral, sc, inhaled …
pub fn route(line: &str) -> Option<Found<String>> {
    const ROUTES: &[&str] = &[
        "口服",
        "舌下含服",
        "含服",
        "皮下注射",
        "肌内注射",
        "肌注",
        "静脉滴注",
        "静滴",
        "外用",
        "吸入",
        "滴眼",
        "by mouth",
        "orally",
        "oral",
        "po",
        "sc",
        "subcutaneous",
        "im",
        "iv",
        "inhaled",
        "inhale",
        "topical",
        "sublingual",
    ];
    let undotted = undot(line);
    ROUTES
        .iter()
        .filter_map(|r| {
            find_all_ci(&undotted, r).into_iter().find(|&at| !r.is_ascii() || is_word_at(&undotted, at, r.len())).map(
                |at| Found {
                    value: undotted[at..at + r.len()].to_string(),
                    text: undotted[at..at + r.len()].to_string(),
                    start: at,
                },
            )
        })
        .min_by_key(|f| f.start)
}

/// Quantity or duration: ×14片, x 30, #60, 共2盒, "qty 30", 7天, "for 7 days".
pub fn quantity(line: &str) -> Option<Found<String>> {
    for marker in ["×", "x", "X", "*", "#", "共", "qty", "Qty", "数量:"] {
        for (at, _) in line.match_indices(marker) {
            let rest = &line[at + marker.len()..];
            let skipped = rest.len() - rest.trim_start_matches([' ', ':']).len();
            let rest = &rest[skipped..];
            if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            if marker.len() > 1
                && marker.chars().all(|c| c.is_ascii_alphabetic())
                && !is_word_at(line, at, marker.len())
            {
                continue;
            }
            let (_, len) = leading_number(rest)?;
            let unit_part = rest[len..].trim_start();
            let unit = PACK_UNITS.iter().find(|u| unit_part.to_lowercase().starts_with(*u)).map_or("", |u| u);
            let end = at + marker.len() + skipped + len + (rest[len..].len() - unit_part.len()) + unit.len();
            let value = format!("{}{}", &rest[..len], unit);
            return Some(Found { value, text: line[at..end].into(), start: at });
        }
    }
    for unit in ["天", " days", "days"] {
        if let Some(at) = line.find(unit) {
            let digits: usize = line[..at].chars().rev().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 {
                let value = format!("{}{}", &line[at - digits..at], unit.trim());
                return Some(Found { value, text: line[at - digits..at + unit.len()].into(), start: at - digits });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::text::normalise;

    fn freq(s: &str) -> Option<Frequency> {
        Frequency::parse(s)
    }

    #[test]
    fn chinese_frequencies() {
        assert_eq!(freq("用法:每次1片 每日3次 口服"), Some(Frequency::PerDay(3)));
        assert_eq!(freq("一日两次"), Some(Frequency::PerDay(2)));
        assert_eq!(freq("每天1次"), Some(Frequency::PerDay(1)));
        assert_eq!(freq("每8小时1次"), Some(Frequency::EveryHours(8)));
        assert_eq!(freq("每隔12小时"), Some(Frequency::EveryHours(12)));
        assert_eq!(freq("每晚1片"), Some(Frequency::AtNight));
        assert_eq!(freq("疼痛时服用"), Some(Frequency::AsNeeded));
        assert_eq!(freq("用法:每次1片 每日次口服"), None, "a lost digit is not guessed");
    }

    #[test]
    fn latin_and_english_frequencies() {
        assert_eq!(freq("1 tab PO bid"), Some(Frequency::PerDay(2)));
        assert_eq!(freq("1 tab p.o. t.i.d."), Some(Frequency::PerDay(3)));
        assert_eq!(freq("TID"), Some(Frequency::PerDay(3)));
        assert_eq!(freq("q8h"), Some(Frequency::EveryHours(8)));
        assert_eq!(freq("Q12H"), Some(Frequency::EveryHours(12)));
        assert_eq!(freq("take one tablet twice daily"), Some(Frequency::PerDay(2)));
        assert_eq!(freq("every 6 hours as needed"), Some(Frequency::EveryHours(6)));
        assert_eq!(freq("prn"), Some(Frequency::AsNeeded));
        assert_eq!(freq("qn"), Some(Frequency::AtNight));
    }

    #[test]
    fn words_containing_abbreviations_are_not_frequencies() {
        assert_eq!(freq("Ibuprofen 200mg"), None);
        assert_eq!(freq("Budesonide"), None);
        assert_eq!(freq("硝苯地平控释片"), None);
    }

    #[test]
    fn strength_dose_route_and_quantity_of_a_chinese_line() {
        let line = normalise("1. 阿托伐他汀钙片 20mg×14片 用法:每次1片 每日1次 口服");
        let name_end = line.find("片").unwrap();
        assert_eq!(strength(&line, name_end).unwrap().value, "20mg");
        assert_eq!(dose(&line, 0).unwrap().value, (1.0, "片".to_string()));
        assert_eq!(route(&line).unwrap().value, "口服");
        assert_eq!(quantity(&line).unwrap().value, "14片");
        assert_eq!(strength(&normalise("2. 米 诺 环 素 胶 圳 50mgX 28 粒"), 0).unwrap().value, "50mg");
        let glued = normalise("1, 苯磺酸氨氯地平片 5mgX14片");
        assert_eq!(strength(&glued, 0).unwrap().value, "5mg");
        assert_eq!(quantity(&glued).unwrap().value, "14片");
    }

    #[test]
    fn strength_dose_route_and_quantity_of_an_english_line() {
        let line = normalise("2. Metformin 500 mg tablets #60 Sig: 1 tab PO bid");
        let s = strength(&line, 0).unwrap();
        assert_eq!(s.value, "500 mg");
        assert_eq!(dose(&line, s.start + s.text.len()).unwrap().value, (1.0, "tab".to_string()));
        assert_eq!(route(&line).unwrap().value, "PO");
        assert_eq!(quantity(&line).unwrap().value, "60");
        assert_eq!(quantity("for 7 days").unwrap().value, "7days");
    }

    #[test]
    fn insulin_strength_keeps_its_concentration() {
        let line = normalise("甘精胰岛素注射液 100单位/ml 每次10单位 每晚 皮下注射");
        assert_eq!(strength(&line, 0).unwrap().value, "100单位/ml");
        assert_eq!(dose(&line, 0).unwrap().value, (10.0, "单位".to_string()));
        assert_eq!(Frequency::find(&line).unwrap().value, Frequency::AtNight);
        assert_eq!(route(&line).unwrap().value, "皮下注射");
    }

    /// Lines as Tesseract read the generated tune-range prescriptions (normalised).
    #[test]
    fn the_dose_is_the_amount_nearest_before_the_frequency() {
        let dose_after_strength = |text: &str| {
            let line = normalise(text);
            let s = strength(&line, 0).unwrap();
            dose(&line, s.start + s.text.len()).map(|d| d.text)
        };
        // A table row: strength, quantity without ×, then the dose.
        assert_eq!(dose_after_strength("苯 海 拉 明 片 25mg 28 片 25msg 一 日 两 次 口服").as_deref(), Some("25mg"));
        // A one-line item: the quantity after × is never the dose.
        assert_eq!(dose_after_strength("1. 特 拉 唑 嗪 片 2mgx14 片 2mg 每 晚 ] 次 口服").as_deref(), Some("2mg"));
        assert_eq!(dose_after_strength("2. 舍曲林片 50mg×7片 每日3次").as_deref(), None);
        // The "用法：" line under a drug: an amount by weight.
        assert_eq!(dose(&normalise("用 法 : 0.5g 每 日 3 次 口服"), 0).map(|d| d.text).as_deref(), Some("0.5g"));
        assert_eq!(dose(&normalise("Sig: 2 tabs by mouth q8h"), 0).map(|d| d.text).as_deref(), Some("2 tabs"));
    }
}
