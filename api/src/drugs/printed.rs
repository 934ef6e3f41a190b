//! The whole printed name around a dictionary stem: salt + stem + dosage form
//! (苯磺酸 + 氨氯地平 + 片, 奥美拉唑 + 肠溶胶囊, 阿托伐他汀 + 钙 + 片), with OCR misreads of
//! the salt and form words mended too (胶圳 → 胶囊, 写马酸 → 富马酸).
use super::{dictionary, Drug};

/// Salts written before the stem (盐酸二甲双胍), longest first so 硫酸氢 wins over 硫酸.
const SALTS_BEFORE: &[&str] = &[
    "甲苯磺酸",
    "门冬氨酸",
    "硫酸氢",
    "苯磺酸",
    "甲磺酸",
    "马来酸",
    "酒石酸",
    "琥珀酸",
    "富马酸",
    "枸橼酸",
    "氢溴酸",
    "苯甲酸",
    "盐酸",
    "硫酸",
    "磷酸",
    "醋酸",
    "乳酸",
    "硝酸",
];
/// Salts written after the stem, before the form (阿托伐他汀钙片).
pub(super) const SALTS_AFTER: &[&str] = &["钙", "钠", "钾", "镁", "锌"];
/// Forms not in the dictionary's own lists that prescriptions still print.
const EXTRA_FORMS: &[&str] = &["分散片", "口崩片", "含片", "缓释颗粒", "干混悬剂", "注射用", "胶丸"];

/// A printed name read around a stem match.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    pub name: String,
    /// Characters of the salt and form words that were mended.
    pub edits: usize,
    /// Some of the name around the stem is no known salt or form: kept as read.
    pub unsure: bool,
    /// Characters of `chars` the name spans.
    pub start: usize,
    pub end: usize,
}

/// Reads the salt before `chars[stem_start..stem_end]` (the dictionary stem `stem`) and the
/// form after it, up to `limit` (where the directions begin).
pub fn around(chars: &[char], stem_start: usize, stem_end: usize, limit: usize, drug: &Drug) -> Printed {
    let stem = drug.zh;
    let cjk = |c: char| super::super::prescriptions::text::is_cjk(c);
    let mut start = stem_start;
    while start > 0 && cjk(chars[start - 1]) && stem_start - start < 6 {
        start -= 1;
    }
    let mut end = stem_end;
    while end < limit && cjk(chars[end]) {
        end += 1;
    }
    let (before, after) = (&chars[start..stem_start], &chars[stem_end..end]);
    let mut printed = Printed { name: String::new(), edits: 0, unsure: false, start, end };
    // The salt: the end of the run before the stem that is nearest a known salt.
    if !before.is_empty() {
        let mut scored: Vec<_> = (1..=before.len())
            .flat_map(|k| SALTS_BEFORE.iter().map(move |s| (k, *s)))
            .map(|(k, s)| (edits(&before[before.len() - k..], s), std::cmp::Reverse(k), s))
            .collect();
        scored.sort();
        // Two salts equally near (X磺酸: 苯磺酸 or 甲磺酸?) is no correction: keep what was read.
        let tied = scored.len() > 1 && scored[0].0 > 0 && scored[0].0 == scored[1].0 && scored[0].1 == scored[1].1;
        let best = if tied { None } else { scored.first().copied() };
        match best {
            Some((e, std::cmp::Reverse(k), salt)) if e <= 1 && e * 2 < salt.chars().count() => {
                // Characters before the salt (复方…) are kept as read, never dropped unseen.
                if k < before.len() {
                    printed.name.extend(&before[..before.len() - k]);
                    printed.unsure = true;
                }
                printed.name.push_str(salt);
                printed.edits += e;
            }
            _ => {
                printed.name.extend(before);
                printed.unsure = true;
            }
        }
    }
    printed.name.push_str(stem);
    if !after.is_empty() {
        // Equally near words (胶圳: 胶囊 or 胶丸?) go to this drug's own forms, then to the
        // forms most drugs come in.
        let mut words: Vec<(usize, String)> = Vec::new();
        for salt in [""].into_iter().chain(SALTS_AFTER.iter().copied()) {
            for (rank, form) in forms().iter().enumerate() {
                let own = drug.forms.contains(form);
                words.push((if own { rank } else { 1000 + rank }, format!("{salt}{form}")));
            }
        }
        let best = (1..=after.len())
            .flat_map(|k| words.iter().map(move |(rank, w)| (edits(&after[..k], w), std::cmp::Reverse(k), *rank, w)))
            .min();
        match best {
            Some((e, std::cmp::Reverse(k), _, word))
                if e <= 1.max(word.chars().count() / 3) && e < word.chars().count() =>
            {
                printed.name.push_str(word);
                printed.edits += e;
                // Whatever follows the form on the same run is kept, but not trusted.
                if k < after.len() {
                    printed.name.extend(&after[k..]);
                    printed.unsure = true;
                }
            }
            _ => {
                printed.name.extend(after);
                printed.unsure = true;
            }
        }
    }
    printed
}

/// True when `name` ends with a dosage form word (…片, …胶囊, …注射液): a drug's printed name
/// even when the stem before it is unreadable.
pub fn ends_with_form(name: &str) -> bool {
    forms().iter().any(|f| name.ends_with(f) && name.chars().count() > f.chars().count())
}

/// Every dosage form the dictionary lists, the most common first, and a few more; counted
/// once (the parser asks for every line it reads).
fn forms() -> &'static [&'static str] {
    static FORMS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    FORMS.get_or_init(count_forms)
}

fn count_forms() -> Vec<&'static str> {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for form in dictionary().drugs.iter().flat_map(|d| d.forms.iter().copied()) {
        match counted.iter_mut().find(|c| c.0 == form) {
            Some(c) => c.1 += 1,
            None => counted.push((form, 1)),
        }
    }
    counted.sort_by_key(|c| std::cmp::Reverse(c.1));
    let mut all: Vec<&str> = counted.into_iter().map(|c| c.0).collect();
    all.extend(EXTRA_FORMS.iter().filter(|f| !all.contains(f)).collect::<Vec<_>>());
    all
}

/// Levenshtein distance between `a` and the characters of `b`.
pub(crate) fn edits(a: &[char], b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(ca != cb)).min(row[j] + 1).min(up + 1);
            diag = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, stem: &str) -> Printed {
        let chars: Vec<char> = text.chars().collect();
        let at = text.find(stem).map(|b| text[..b].chars().count()).expect("stem in text");
        let len = stem.chars().count();
        around(&chars, at, at + len, chars.len(), dictionary().by_stem(stem).expect("a dictionary stem"))
    }

    /// Names as Tesseract misread them on generated prescriptions (tune seeds).
    #[test]
    fn misread_salt_and_form_words_are_mended() {
        assert_eq!(read("2.米诺环素胶圳50mg", "米诺环素").name, "米诺环素胶囊");
        assert_eq!(read("4.文拉法辛缓释胶圳75mg", "文拉法辛").name, "文拉法辛缓释胶囊");
        assert_eq!(read("写马酸比索洛尔片2.5mg", "比索洛尔").name, "富马酸比索洛尔片");
        assert_eq!(read("奥美拉唑肠溶胶村", "奥美拉唑").name, "奥美拉唑肠溶胶囊");
        let p = read("布洛芬缓释胶误", "布洛芬");
        assert_eq!((p.name.as_str(), p.edits, p.unsure), ("布洛芬缓释胶囊", 1, false));
    }

    #[test]
    fn exact_names_keep_salt_and_form() {
        let p = read("1.苯磺酸氨氯地平片5mg", "氨氯地平");
        assert_eq!((p.name.as_str(), p.edits, p.unsure), ("苯磺酸氨氯地平片", 0, false));
        assert_eq!(read("硫酸氢氯吡格雷片", "氯吡格雷").name, "硫酸氢氯吡格雷片");
        assert_eq!(read("阿托伐他汀钙片", "阿托伐他汀").name, "阿托伐他汀钙片");
        assert_eq!(read("二甲双胍", "二甲双胍").name, "二甲双胍");
        let p = read("复方盐酸二甲双胍片", "二甲双胍");
        assert_eq!((p.name.as_str(), p.unsure), ("复方盐酸二甲双胍片", true), "nothing read is dropped");
    }

    #[test]
    fn words_that_are_no_salt_or_form_are_kept_as_read_and_flagged() {
        let p = read("托特罗定城种设禹", "托特罗定");
        assert_eq!(p.name, "托特罗定城种设禹");
        assert!(p.unsure);
        let p = read("1.芏磺酸氨氯地平片", "氨氯地平");
        assert_eq!((p.name.as_str(), p.unsure), ("芏磺酸氨氯地平片", true), "苯磺酸 or 甲磺酸: not guessed");
    }
}
