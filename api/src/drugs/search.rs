//! Finding a drug from what a member types or has on the schedule: generic name, brand,
//! English name or pinyin initials.
use super::{dictionary, find, Drug};

/// Most names remembered by [`lookup`]; past it the memory starts afresh.
const REMEMBERED: usize = 4096;

/// The dictionary entry a medication name refers to: "苯磺酸氨氯地平片 5mg" → 氨氯地平,
/// "立普妥" → 阿托伐他汀, "Lipitor 20 mg" → atorvastatin. Generic names must match exactly
/// (a member's own entry is not OCR); a brand must appear whole.
///
/// Matching one name against the whole dictionary takes a few hundred microseconds, and
/// every schedule read resolves each of its names, so answers are remembered (the dictionary
/// never changes while the process runs).
pub fn lookup(name: &str) -> Option<&'static Drug> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static MEMORY: OnceLock<Mutex<HashMap<String, Option<&'static Drug>>>> = OnceLock::new();
    let memory = MEMORY.get_or_init(Default::default);
    if let Some(found) = memory.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
        return *found;
    }
    let found = resolve(name);
    let mut memory = memory.lock().unwrap_or_else(|e| e.into_inner());
    if memory.len() >= REMEMBERED {
        memory.clear();
    }
    memory.insert(name.to_string(), found);
    found
}

fn resolve(name: &str) -> Option<&'static Drug> {
    if let Some(m) = find(name).filter(|m| m.similarity >= 1.0) {
        return Some(m.drug);
    }
    let lower = name.to_lowercase();
    dictionary()
        .drugs
        .iter()
        .flat_map(|d| d.brands.iter().map(move |b| (d, b.to_lowercase())))
        .filter(|(_, b)| b.chars().count() >= 2 && lower.contains(b.as_str()))
        .max_by_key(|(_, b)| b.chars().count())
        .map(|(d, _)| d)
}

/// How well an entry matches a query; higher is better, 0 is no match.
fn score(drug: &Drug, q: &str, q_compact: &str) -> u32 {
    let en = drug.en.to_lowercase();
    let pinyin: String = drug.pinyin.split_whitespace().collect();
    let brands = || drug.brands.iter().map(|b| b.to_lowercase());
    if drug.zh == q || en == q || brands().any(|b| b == q) {
        100
    } else if drug.zh.starts_with(q) || en.starts_with(q) || brands().any(|b| b.starts_with(q)) {
        80
    } else if drug.zh.contains(q) || q.contains(drug.zh) || en.contains(q) || brands().any(|b| b.contains(q)) {
        60
    } else if q_compact.len() >= 2 && q_compact.is_ascii() && pinyin.starts_with(q_compact) {
        50
    } else if q_compact.len() >= 2 && q_compact.is_ascii() && drug.initials().starts_with(q_compact) {
        40
    } else {
        0
    }
}

/// Entries matching a member's query, best first: exact names, then prefixes, then names
/// containing it, then pinyin (阿托 = "atuo" = "at"). With nothing found, a close misspelling
/// of a generic name (one wrong character) is offered.
pub fn search(query: &str, limit: usize) -> Vec<&'static Drug> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let q_compact: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    let mut hits: Vec<(u32, &'static Drug)> =
        dictionary().drugs.iter().map(|d| (score(d, &q, &q_compact), d)).filter(|(s, _)| *s > 0).collect();
    // Stable: equal scores keep the file's order, which lists common drugs of a class first.
    hits.sort_by(|a, b| b.0.cmp(&a.0));
    if hits.is_empty() {
        return find(&q).filter(|m| m.similarity >= 0.6).map(|m| vec![m.drug]).unwrap_or_default();
    }
    hits.into_iter().take(limit).map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(q: &str) -> Vec<&'static str> {
        search(q, 10).iter().map(|d| d.zh).collect()
    }

    #[test]
    fn schedule_names_resolve_through_salts_forms_and_brands() {
        assert_eq!(lookup("苯磺酸氨氯地平片 5mg").unwrap().zh, "氨氯地平");
        assert_eq!(lookup("左旋氨氯地平").unwrap().zh, "左旋氨氯地平");
        assert_eq!(lookup("立普妥").unwrap().zh, "阿托伐他汀");
        assert_eq!(lookup("Lipitor 20 mg").unwrap().en, "atorvastatin");
        assert_eq!(lookup("拜阿司匹灵 100mg").unwrap().zh, "阿司匹林");
        assert_eq!(lookup("维生素C"), None);
        assert_eq!(lookup(""), None);
    }

    #[test]
    fn search_finds_by_name_brand_english_and_pinyin_initials() {
        assert_eq!(stems("阿托伐他汀")[0], "阿托伐他汀");
        assert_eq!(stems("络活喜"), vec!["氨氯地平"]);
        assert_eq!(stems("Lantus"), vec!["甘精胰岛素"]);
        assert_eq!(stems("metf")[0], "二甲双胍");
        assert!(stems("atft").contains(&"阿托伐他汀"));
        assert!(stems("atuofa").contains(&"阿托伐他汀"));
        // A whole salt-and-form name still finds its stem.
        assert!(stems("苯磺酸氨氯地平片").contains(&"氨氯地平"));
    }

    #[test]
    fn exact_names_rank_before_names_that_merely_contain_the_query() {
        let hits = stems("氨氯地平");
        assert_eq!(hits[0], "氨氯地平");
        assert!(hits.contains(&"缬沙坦氨氯地平"));
        assert!(stems("沙坦").len() >= 6);
    }

    #[test]
    fn a_misspelt_generic_is_still_offered_and_nonsense_finds_nothing() {
        assert_eq!(stems("阿托伐他订"), vec!["阿托伐他汀"]);
        assert!(stems("qqqq").is_empty());
        assert!(stems("   ").is_empty());
    }
}
