//! The drug dictionary (data in `api/data/`) and matching names against it.
//!
//! OCR misreads characters; matching a recognised line against known names with an edit
//! distance tolerance turns "阿托伐他汀钙片" read as "阿托伐他订钙片" back into the real
//! name. Entries are generic-name stems (no salt or form), so "苯磺酸氨氯地平片" and
//! "氨氯地平片" both match 氨氯地平. Members' own words (brands, pinyin) go through
//! [`lookup`] and [`search`].

mod data;
pub mod printed;
mod search;

pub(crate) use data::records;
pub use data::{dictionary, Dictionary, Drug, DrugClass, ElderlyRisk, PregnancyRisk};
pub use search::{lookup, search};

/// Where a known drug was found in a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrugMatch {
    pub drug: &'static Drug,
    /// Character range of the match in the searched text.
    pub start: usize,
    pub end: usize,
    /// 1.0 for an exact match, falling with each edit.
    pub similarity: f32,
    /// Characters changed to reach the dictionary name.
    pub edits: usize,
    /// Another real drug the text is (nearly) as close to, when the match is not exact: the
    /// reading could be either (头孢克X → 头孢克洛 or 头孢克肟).
    pub runner_up: Option<&'static Drug>,
}

/// Most edits tolerated, as a share of the name's length (2 in a 5-character stem).
const MAX_EDIT_SHARE: f32 = 0.4;

/// The best-matching known drug anywhere in `text` (Chinese stems, or English generic names
/// case-insensitively), tolerating OCR misreads. Brand names are not searched: prescriptions
/// in China name the generic (通用名), and short brands would match ordinary words.
pub fn find(text: &str) -> Option<DrugMatch> {
    find_among(text, |drug| vec![(drug.zh.to_string(), 0), (drug.en.to_string(), 0)])
}

/// Like [`find`], for a Chinese stem too misread to match alone, matched together with one of
/// the drug's own dosage forms (特拉唆唆片 → 特拉唑嗪 + 片), or a salt written after the stem
/// and a form (洋托拉喧钠忆溶片 → 泮托拉唑 + 钠 + 肠溶片): the words around it give the edit
/// tolerance a longer name to spread over. The match range still covers the stem only; with
/// two or more edits the reading is never certain (see `prescriptions::parse`).
pub fn find_with_form(text: &str) -> Option<DrugMatch> {
    find_among(text, |drug| {
        let cjk = drug.zh.chars().next().is_some_and(crate::prescriptions::text::is_cjk);
        let forms = if cjk { drug.forms.as_slice() } else { &[] };
        let salts = std::iter::once(&"").chain(printed::SALTS_AFTER);
        salts
            .flat_map(|salt| forms.iter().map(move |form| format!("{salt}{form}")))
            .map(|after| (format!("{}{after}", drug.zh), after.chars().count()))
            .collect()
    })
}

/// The best match of any drug's `names` (each with the count of trailing characters that are
/// not the stem) in `text`, with a runner-up when the match is not exact.
fn find_among(text: &str, names: impl Fn(&Drug) -> Vec<(String, usize)>) -> Option<DrugMatch> {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut best: Option<DrugMatch> = None;
    let mut candidates: Vec<(&'static Drug, usize, usize, usize)> = Vec::new();
    for drug in &dictionary().drugs {
        for (name, suffix) in names(drug) {
            let pattern: Vec<char> = name.chars().collect();
            let Some((start, end, mut edits)) = best_substring(&pattern, &lower) else { continue };
            // An English name read across a word gap is two words, not a misread: "1 cap orally"
            // is not Captopril.
            let gaps = |s: &[char]| s.iter().filter(|c| c.is_whitespace()).count();
            if name.is_ascii() && gaps(&lower[start..end]) != gaps(&pattern) {
                continue;
            }
            // Nor is an English name the tail of a longer word an exact read: letters before it
            // count as edits, so "Methyiprednisolone" is methylprednisolone misread, never an
            // exact prednisolone (nor esomeprazole omeprazole, levamlodipine amlodipine).
            if name.is_ascii() {
                edits += lower[..start].iter().rev().take_while(|c| c.is_alphabetic()).count();
            }
            let allowed = (pattern.len() as f32 * MAX_EDIT_SHARE).floor() as usize;
            // Short names (three characters) must match nearly exactly: one misread at most.
            if edits > allowed.max(if pattern.len() >= 3 { 1 } else { 0 }) {
                continue;
            }
            let end = end.saturating_sub(suffix).max(start + 1);
            let similarity = 1.0 - edits as f32 / pattern.len() as f32;
            let better = match &best {
                None => true,
                Some(b) => similarity > b.similarity || (similarity == b.similarity && end - start > b.end - b.start),
            };
            if better {
                best = Some(DrugMatch { drug, start, end, similarity, edits, runner_up: None });
            }
            candidates.push((drug, start, end, edits));
        }
    }
    let mut best = best?;
    if best.edits > 0 {
        // Another drug read at the same place with at most one edit more is a real doubt; a
        // longer name containing the match (左旋氨氯地平 around 氨氯地平) is not another reading.
        best.runner_up = candidates
            .iter()
            .filter(|(d, s, e, edits)| {
                !std::ptr::eq(*d, best.drug)
                    && *s < best.end
                    && *e > best.start
                    && *edits <= best.edits + 1
                    && !d.zh.contains(best.drug.zh)
                    && !best.drug.zh.contains(d.zh)
            })
            .min_by_key(|c| c.3)
            .map(|c| c.0);
    }
    Some(best)
}

/// Approximate substring search (Sellers): the fewest edits turning `pattern` into some
/// substring of `text`, with that substring's character range.
fn best_substring(pattern: &[char], text: &[char]) -> Option<(usize, usize, usize)> {
    if pattern.is_empty() || text.is_empty() {
        return None;
    }
    let m = pattern.len();
    // Column per text position: cost[i] = edits for pattern[..i] ending here; start[i] where it began.
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut start: Vec<usize> = vec![0; m + 1];
    let mut best: Option<(usize, usize, usize)> = None;
    for (j, &c) in text.iter().enumerate() {
        let (mut diag_cost, mut diag_start) = (cost[0], start[0]);
        cost[0] = 0;
        start[0] = j + 1;
        for i in 1..=m {
            let (up_cost, up_start) = (cost[i], start[i]);
            let sub = diag_cost + usize::from(pattern[i - 1] != c);
            let del = cost[i - 1] + 1; // pattern char missing from the text
            let ins = up_cost + 1; // extra char in the text
            let (new_cost, new_start) = if sub <= del && sub <= ins {
                (sub, diag_start)
            } else if del <= ins {
                (del, start[i - 1])
            } else {
                (ins, up_start)
            };
            diag_cost = up_cost;
            diag_start = up_start;
            cost[i] = new_cost;
            start[i] = new_start;
        }
        // Equal cost from the same start: the longer span (a substituted last character).
        if best.is_none_or(|(s, _, e)| cost[m] < e || (cost[m] == e && start[m] == s)) {
            best = Some((start[m], j + 1, cost[m]));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_match_fully_at_their_position() {
        let m = find("1. 苯磺酸氨氯地平片 5mg").unwrap();
        assert_eq!(m.drug.en, "amlodipine");
        assert_eq!(m.similarity, 1.0);
        let chars: Vec<char> = "1. 苯磺酸氨氯地平片 5mg".chars().collect();
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), "氨氯地平");
    }

    #[test]
    fn a_misread_character_still_matches_with_lower_similarity() {
        let m = find("阿托伐他订钙片 20mg").unwrap();
        assert_eq!(m.drug.zh, "阿托伐他汀");
        assert!((m.similarity - 0.8).abs() < 1e-6);
    }

    #[test]
    fn english_names_match_case_insensitively_despite_ocr_noise() {
        assert_eq!(find("2. METFORMIN 500 mg").unwrap().drug.zh, "二甲双胍");
        assert_eq!(find("Metfonnin 500mg").unwrap().drug.zh, "二甲双胍");
    }

    #[test]
    fn an_english_name_inside_a_longer_word_is_not_an_exact_read() {
        let m = find("1. Methyiprednisolone 4 mg tablets #30").unwrap();
        assert_eq!((m.drug.en, m.edits), ("methylprednisolone", 1));
        assert_eq!(find("Esomeprazole 20 mg").unwrap().drug.en, "esomeprazole");
        assert_eq!(find("Esomeprazoie 20 mg").unwrap().drug.en, "esomeprazole");
        assert_eq!(find("Levamlodipine 2.5 mg").unwrap().drug.en, "levamlodipine");
        let glued = find("1.Prednisolone 5 mg").unwrap();
        assert_eq!((glued.drug.en, glued.edits), ("prednisolone", 0), "punctuation is no letter");
    }

    #[test]
    fn unrelated_text_matches_nothing() {
        assert_eq!(find("用法：每日3次 口服"), None);
        assert_eq!(find("Patient: John Smith"), None);
        // Three edits of Captopril, but across a word gap: a capsule's directions.
        assert_eq!(find("Sig: 1 cap orally bid"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn a_misread_that_could_be_two_real_drugs_names_both() {
        // 头孢克洛 (cefaclor) and 头孢克肟 (cefixime) differ in the last character only.
        let m = find("3. 头孢克泻胶囊 0.1g").unwrap();
        let both = [m.drug.zh, m.runner_up.expect("the other reading").zh];
        assert!(both.contains(&"头孢克洛") && both.contains(&"头孢克肟"), "{both:?}");
        assert_eq!(find("头孢克肟分散片").unwrap().runner_up, None, "an exact read has no rival");
    }

    #[test]
    fn a_stem_misread_twice_is_found_with_its_salt_and_form() {
        // Phone photos (tune seeds 25, 234): two of the stem's four characters misread.
        for read in ["洋托拉喧钠忆溶片 40mg", "津托拉哆钠肠溶片 40mg"] {
            assert_eq!(find(read), None, "{read}: too misread to match the stem alone");
            let m = find_with_form(read).expect(read);
            assert_eq!(m.drug.zh, "泮托拉唑");
            assert!(m.edits >= 2, "never an exact read");
        }
    }

    #[test]
    fn three_character_stems_tolerate_one_misread_only() {
        assert_eq!(find("呋塞米片").unwrap().drug.en, "furosemide");
        assert_eq!(find("呋赛米片").unwrap().drug.en, "furosemide");
        assert_eq!(find("呋赛术片"), None);
    }
}
