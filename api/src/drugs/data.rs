//! The drug dictionary as data: `api/data/drugs.txt` and `api/data/classes.txt`, parsed once.
//!
//! The files are the source of truth (their header names the sources and the columns); this
//! module only reads them. They are compiled in so the server, the OCR worker and the tests all
//! see the same dictionary without a path to configure.
use std::sync::OnceLock;

const DRUGS_TXT: &str = include_str!("../../data/drugs.txt");
const CLASSES_TXT: &str = include_str!("../../data/classes.txt");

/// How a drug is regarded in pregnancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PregnancyRisk {
    /// Usually avoided (contraindicated or evidence of harm).
    Avoid,
    /// Used only when a doctor judges the benefit worth it.
    Caution,
}

/// Why a drug needs care at 65 and over (Beers / Chinese PIM criteria).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElderlyRisk {
    Falls,
    Hypoglycaemia,
    Anticholinergic,
    GiKidney,
    NarrowMargin,
    Bleeding,
    Confusion,
}

impl ElderlyRisk {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "falls" => Self::Falls,
            "hypoglycaemia" => Self::Hypoglycaemia,
            "anticholinergic" => Self::Anticholinergic,
            "gi_kidney" => Self::GiKidney,
            "narrow_margin" => Self::NarrowMargin,
            "bleeding" => Self::Bleeding,
            "confusion" => Self::Confusion,
            _ => return None,
        })
    }
}

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Drug {
    /// Generic-name stem without salt or form, e.g. 氨氯地平.
    pub zh: &'static str,
    /// Pinyin syllables separated by spaces.
    pub pinyin: &'static str,
    /// English generic name (INN).
    pub en: &'static str,
    pub brands: Vec<&'static str>,
    /// Class ids (see [`class_label`]); a combination product has several.
    pub classes: Vec<&'static str>,
    /// Allergy group, e.g. `penicillin`.
    pub allergy: Option<&'static str>,
    pub strengths: Vec<&'static str>,
    pub forms: Vec<&'static str>,
    pub prescription_only: bool,
    /// Stored at 2–8 °C.
    pub cold_chain: bool,
    pub pregnancy: Option<PregnancyRisk>,
    pub elderly: Option<ElderlyRisk>,
    pub note_zh: &'static str,
    pub note_en: &'static str,
}

impl Drug {
    /// First letters of the pinyin syllables ("atfttt" style search: 阿托伐他汀 → "atftt").
    pub fn initials(&self) -> String {
        self.pinyin.split_whitespace().filter_map(|s| s.chars().next()).collect()
    }
}

/// A drug class: id and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrugClass {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// The parsed dictionary.
#[derive(Debug)]
pub struct Dictionary {
    pub drugs: Vec<Drug>,
    pub classes: Vec<DrugClass>,
}

/// Data lines of a `|`-separated file: comments and blank lines skipped, with 1-based line numbers.
pub(crate) fn records(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim();
        (!line.is_empty() && !line.starts_with('#')).then(|| (i + 1, line.split('|').map(str::trim).collect()))
    })
}

fn list(field: &'static str, sep: char) -> Vec<&'static str> {
    if field == "-" {
        return Vec::new();
    }
    field.split(sep).map(str::trim).filter(|s| !s.is_empty()).collect()
}

fn optional(field: &'static str) -> Option<&'static str> {
    (field != "-" && !field.is_empty()).then_some(field)
}

impl Dictionary {
    /// Parses the two files; an error names the line and what is wrong with it.
    pub fn parse(drugs_txt: &'static str, classes_txt: &'static str) -> Result<Dictionary, String> {
        let mut classes = Vec::new();
        for (n, f) in records(classes_txt) {
            let [id, zh, en] = f[..] else { return Err(format!("classes line {n}: expected 3 fields")) };
            classes.push(DrugClass { id, zh, en });
        }
        let mut drugs = Vec::new();
        for (n, f) in records(drugs_txt) {
            let [zh, pinyin, en, brands, class_ids, allergy, strengths, forms, rx, storage, pregnancy, elderly, note_zh, note_en] =
                f[..]
            else {
                return Err(format!("drugs line {n}: expected 14 fields, found {}", f.len()));
            };
            let bad = |what: &str| format!("drugs line {n} ({zh}): {what}");
            let class_ids = list(class_ids, '+');
            if let Some(unknown) = class_ids.iter().find(|c| !classes.iter().any(|k: &DrugClass| k.id == **c)) {
                return Err(bad(&format!("unknown class {unknown}")));
            }
            drugs.push(Drug {
                zh,
                pinyin,
                en,
                brands: list(brands, ','),
                classes: class_ids,
                allergy: optional(allergy),
                strengths: list(strengths, ','),
                forms: list(forms, ','),
                prescription_only: match rx {
                    "Rx" => true,
                    "OTC" => false,
                    _ => return Err(bad("rx must be Rx or OTC")),
                },
                cold_chain: match storage {
                    "cold" => true,
                    "room" => false,
                    _ => return Err(bad("storage must be room or cold")),
                },
                pregnancy: match pregnancy {
                    "avoid" => Some(PregnancyRisk::Avoid),
                    "caution" => Some(PregnancyRisk::Caution),
                    "-" => None,
                    _ => return Err(bad("pregnancy must be avoid, caution or -")),
                },
                elderly: match elderly {
                    "-" => None,
                    other => Some(ElderlyRisk::parse(other).ok_or_else(|| bad("unknown elderly reason"))?),
                },
                note_zh,
                note_en,
            });
        }
        if drugs.iter().enumerate().any(|(i, d)| drugs[..i].iter().any(|e| e.zh == d.zh)) {
            return Err("drugs: a Chinese stem appears twice".into());
        }
        Ok(Dictionary { drugs, classes })
    }

    /// The entry with this exact Chinese stem.
    pub fn by_stem(&self, zh: &str) -> Option<&Drug> {
        self.drugs.iter().find(|d| d.zh == zh)
    }

    /// A class by id.
    pub fn class(&self, id: &str) -> Option<&DrugClass> {
        self.classes.iter().find(|c| c.id == id)
    }
}

/// The dictionary shipped with the project.
pub fn dictionary() -> &'static Dictionary {
    static DICT: OnceLock<Dictionary> = OnceLock::new();
    // The files are checked by a unit test, so a malformed line never reaches a build.
    DICT.get_or_init(|| Dictionary::parse(DRUGS_TXT, CLASSES_TXT).expect("api/data/drugs.txt is valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_files_parse_into_a_few_hundred_drugs() {
        let dict = Dictionary::parse(DRUGS_TXT, CLASSES_TXT).unwrap();
        assert!(dict.drugs.len() >= 200, "{} drugs", dict.drugs.len());
        assert!(dict.drugs.iter().all(|d| !d.note_zh.is_empty() && !d.note_en.is_empty() && !d.pinyin.is_empty()));
    }

    #[test]
    fn fields_mean_what_the_header_says() {
        let d = dictionary();
        let glargine = d.by_stem("甘精胰岛素").unwrap();
        assert!(glargine.cold_chain && glargine.prescription_only);
        assert!(glargine.brands.contains(&"Lantus"));
        let ibuprofen = d.by_stem("布洛芬").unwrap();
        assert!(!ibuprofen.prescription_only);
        assert_eq!(ibuprofen.allergy, Some("nsaid"));
        assert_eq!(ibuprofen.pregnancy, Some(PregnancyRisk::Avoid));
        assert_eq!(d.by_stem("艾司唑仑").unwrap().elderly, Some(ElderlyRisk::Falls));
        assert_eq!(d.by_stem("氯沙坦钾氢氯噻嗪").unwrap().classes, vec!["arb", "thiazide"]);
        assert_eq!(d.by_stem("阿托伐他汀").unwrap().initials(), "atftt");
    }

    #[test]
    fn malformed_lines_are_refused_with_their_line_number() {
        let classes = "statin | 他汀 | statin\n";
        let err = Dictionary::parse("# c\nx | y\n", classes).unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        let line = "阿托伐他汀 | a | atorvastatin | - | fibrate | - | 10 mg | 片 | Rx | room | - | - | 注 | note\n";
        assert!(Dictionary::parse(line, classes).unwrap_err().contains("unknown class fibrate"));
        let line = "阿托伐他汀 | a | atorvastatin | - | statin | - | 10 mg | 片 | maybe | room | - | - | 注 | note\n";
        assert!(Dictionary::parse(line, classes).is_err());
    }
}
