//! Medication safety checks (用药安全): duplicate therapy, interaction pairs, allergy
//! groups, pregnancy and age cautions. Pure rules over the drug dictionary and the member's
//! health profile. A warning informs and routes to a pharmacist; it never blocks anything.
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::drugs::{self, dictionary, Drug, ElderlyRisk, PregnancyRisk};
use crate::health::{allergy_label, HealthProfile, Pregnancy};

const INTERACTIONS_TXT: &str = include_str!("../data/interactions.txt");

/// How serious a warning is; the portal shows the label and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Moderate,
    High,
}

/// Which rule raised a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    Interaction,
    Duplicate,
    Allergy,
    Pregnancy,
    Age,
}

/// Text in both languages, so a warning kept offline follows the member's language switch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text { zh: zh.into(), en: en.into() }
    }

    /// The text in `lang` (`en`, else Chinese).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.en
        } else {
            &self.zh
        }
    }
}

/// One finding, in plain language, with the medicines it is about (as the member named them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SafetyWarning {
    pub kind: WarningKind,
    pub severity: Severity,
    pub medicines: Vec<String>,
    pub title: Text,
    pub detail: Text,
}

/// The advice every warning ends with: ask, never stop on one's own.
pub const ADVICE: (&str, &str) = (
    "请先咨询药师或医生，不要自行停药或改变剂量。",
    "Ask a pharmacist or your doctor first; do not stop or change a medicine on your own.",
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Drug(&'static str),
    Class(&'static str),
}

impl Side {
    fn parse(s: &'static str) -> Side {
        s.strip_prefix("class:").map_or(Side::Drug(s), Side::Class)
    }

    fn covers(self, d: &Drug) -> bool {
        match self {
            Side::Drug(zh) => d.zh == zh,
            Side::Class(c) => d.classes.contains(&c),
        }
    }
}

/// One interaction pair from `api/data/interactions.txt`.
#[derive(Debug, Clone, Copy)]
struct Interaction {
    a: Side,
    b: Side,
    severity: Severity,
    contraindicated: bool,
    zh: &'static str,
    en: &'static str,
}

fn parse_interactions(text: &'static str) -> Result<Vec<Interaction>, String> {
    drugs::records(text)
        .map(|(n, f)| {
            let [a, b, severity, zh, en] = f[..] else {
                return Err(format!("interactions line {n}: expected 5 fields"));
            };
            let (severity, contraindicated) = match severity {
                "contraindicated" => (Severity::High, true),
                "major" => (Severity::High, false),
                "moderate" => (Severity::Moderate, false),
                other => return Err(format!("interactions line {n}: unknown severity {other}")),
            };
            let (a, b) = (Side::parse(a), Side::parse(b));
            for side in [a, b] {
                let known = match side {
                    Side::Drug(zh) => dictionary().by_stem(zh).is_some(),
                    Side::Class(c) => dictionary().class(c).is_some(),
                };
                if !known {
                    return Err(format!("interactions line {n}: {side:?} is not in the dictionary"));
                }
            }
            Ok(Interaction { a, b, severity, contraindicated, zh, en })
        })
        .collect()
}

fn interactions() -> &'static [Interaction] {
    static TABLE: OnceLock<Vec<Interaction>> = OnceLock::new();
    // Checked by a unit test: every side names a drug or class in the dictionary.
    TABLE.get_or_init(|| parse_interactions(INTERACTIONS_TXT).expect("api/data/interactions.txt is valid"))
}

/// The first table line covering two drugs, either way round.
fn interaction(x: &Drug, y: &Drug) -> Option<&'static Interaction> {
    interactions().iter().find(|i| (i.a.covers(x) && i.b.covers(y)) || (i.a.covers(y) && i.b.covers(x)))
}

/// A medicine as the member named it, resolved against the dictionary.
struct Med<'a> {
    name: &'a str,
    drug: &'static Drug,
}

fn resolve<'a>(names: &[&'a str]) -> Vec<Med<'a>> {
    names.iter().filter_map(|name| drugs::lookup(name).map(|drug| Med { name, drug })).collect()
}

fn pair_warning(x: &Med, y: &Med) -> Option<SafetyWarning> {
    let medicines = vec![x.name.to_string(), y.name.to_string()];
    let (a, b) = (x.name, y.name);
    if x.drug.zh == y.drug.zh {
        return Some(SafetyWarning {
            kind: WarningKind::Duplicate,
            severity: Severity::Moderate,
            medicines,
            title: Text::new(format!("{a} 和 {b} 是同一种药"), format!("{a} and {b} are the same medicine")),
            detail: Text::new(
                format!("两个条目都含{}，请确认不是重复服用。", x.drug.zh),
                format!("Both contain {}: make sure it is not being taken twice.", x.drug.en),
            ),
        });
    }
    if let Some(i) = interaction(x.drug, y.drug) {
        let (zh_title, en_title) = if i.contraindicated {
            (format!("{a} 和 {b} 不能同用"), format!("{a} and {b} must not be taken together"))
        } else {
            (format!("{a} 和 {b} 可能相互作用"), format!("{a} and {b} may interact"))
        };
        return Some(SafetyWarning {
            kind: WarningKind::Interaction,
            severity: i.severity,
            medicines,
            title: Text::new(zh_title, en_title),
            detail: Text::new(i.zh, i.en),
        });
    }
    let shared = x.drug.classes.iter().find(|c| y.drug.classes.contains(c))?;
    let class = dictionary().class(shared)?;
    Some(SafetyWarning {
        kind: WarningKind::Duplicate,
        severity: Severity::Moderate,
        medicines,
        title: Text::new(format!("{a} 和 {b} 都是{}", class.zh), format!("{a} and {b} are both a {}", class.en)),
        detail: Text::new(
            "同时服用两种作用相同的药，可能等于加倍用药。请让药师确认是否两种都需要。",
            "Two medicines that do the same job can add up to a double dose. Ask a pharmacist whether you need both.",
        ),
    })
}

fn profile_warnings(m: &Med, profile: &HealthProfile) -> Vec<SafetyWarning> {
    let mut out = Vec::new();
    let name = m.name;
    let warn = |kind, severity, title: Text, detail: Text| SafetyWarning {
        kind,
        severity,
        medicines: vec![name.to_string()],
        title,
        detail,
    };
    if let Some(group) = m.drug.allergy {
        if profile.allergies.iter().any(|a| a == group) {
            out.push(warn(
                WarningKind::Allergy,
                Severity::High,
                Text::new(
                    format!("您记录了对{}过敏，{name} 属于这类药", allergy_label(group, "zh")),
                    format!("You recorded an allergy to {}; {name} is one of them", allergy_label(group, "en")),
                ),
                Text::new(
                    "对这类药过敏的人通常不能使用。服用前请先咨询医生或药师。",
                    "People allergic to this group usually must not take it. Ask a doctor or pharmacist before taking it.",
                ),
            ));
        } else if group == "cephalosporin" && profile.allergies.iter().any(|a| a == "penicillin") {
            out.push(warn(
                WarningKind::Allergy,
                Severity::Moderate,
                Text::new(format!("您记录了青霉素过敏，{name} 是头孢类"), format!("You recorded a penicillin allergy; {name} is a cephalosporin")),
                Text::new(
                    "少数对青霉素过敏的人对头孢类也会过敏。请告诉医生您的过敏史。",
                    "A few people allergic to penicillin react to cephalosporins too. Tell your doctor about your allergy.",
                ),
            ));
        }
    }
    match (profile.pregnancy, m.drug.pregnancy) {
        (Some(Pregnancy::Pregnant), Some(PregnancyRisk::Avoid)) => out.push(warn(
            WarningKind::Pregnancy,
            Severity::High,
            Text::new(format!("{name}：孕期一般不宜使用"), format!("{name}: usually avoided in pregnancy")),
            Text::new(
                "这种药可能影响胎儿。请尽快咨询医生是否需要换药。",
                "It may harm the baby. Ask your doctor soon whether to switch.",
            ),
        )),
        (Some(Pregnancy::Pregnant), Some(PregnancyRisk::Caution)) => out.push(warn(
            WarningKind::Pregnancy,
            Severity::Moderate,
            Text::new(format!("{name}：孕期使用需谨慎"), format!("{name}: use with care in pregnancy")),
            Text::new(
                "孕期只在医生认为必要时使用。请确认医生知道您已怀孕。",
                "Only when a doctor judges it necessary. Make sure your doctor knows you are pregnant.",
            ),
        )),
        (Some(Pregnancy::Breastfeeding), Some(_)) => out.push(warn(
            WarningKind::Pregnancy,
            Severity::Moderate,
            Text::new(format!("{name}：哺乳期使用前请咨询"), format!("{name}: ask before using while breast-feeding")),
            Text::new(
                "部分药物会进入乳汁。请让药师确认是否适合哺乳期。",
                "Some medicines pass into breast milk. Ask a pharmacist whether it suits breast-feeding.",
            ),
        )),
        _ => {}
    }
    if let (Some(age), Some(risk)) = (profile.age_band, m.drug.elderly) {
        if age.is_65_plus() {
            let (zh, en) = elderly_reason(risk);
            out.push(warn(
                WarningKind::Age,
                Severity::Low,
                Text::new(format!("{name}：65岁以上需多留意"), format!("{name}: take extra care at 65 and over")),
                Text::new(zh, en),
            ));
        }
    }
    out
}

fn elderly_reason(risk: ElderlyRisk) -> (&'static str, &'static str) {
    match risk {
        ElderlyRisk::Falls => (
            "老年人服用后更容易头晕、跌倒。起身要慢，夜间起床开灯。",
            "Older people get dizzy and fall more easily on it. Stand up slowly; use a light at night.",
        ),
        ElderlyRisk::Hypoglycaemia => (
            "老年人更容易发生低血糖。随身带糖果，按时吃饭。",
            "Low blood sugar is more likely at this age. Carry sweets and eat on time.",
        ),
        ElderlyRisk::Anticholinergic => (
            "老年人更容易出现口干、便秘、排尿困难或思维混乱。",
            "Dry mouth, constipation, trouble passing urine or confusion are more likely at this age.",
        ),
        ElderlyRisk::GiKidney => (
            "老年人长期服用更容易伤胃、伤肾。尽量短期、低剂量使用。",
            "At this age it harms the stomach and kidneys more easily; keep courses short and doses low.",
        ),
        ElderlyRisk::NarrowMargin => (
            "安全剂量范围很窄，老年人更容易过量。请按时复查。",
            "The safe dose range is narrow and easier to exceed at this age. Keep your check-ups.",
        ),
        ElderlyRisk::Bleeding => (
            "老年人出血风险更高。留意瘀斑、黑便、牙龈出血。",
            "Bleeding is more likely at this age. Watch for bruises, black stools and bleeding gums.",
        ),
        ElderlyRisk::Confusion => (
            "老年人更容易出现嗜睡、思维混乱。如有变化请告诉医生。",
            "Drowsiness and confusion are more likely at this age. Tell your doctor about any change.",
        ),
    }
}

/// Warnings raised by adding `added` to a schedule that already holds `existing`: every pair
/// with at least one added medicine, then the profile checks of each added one. Names the
/// dictionary does not know are skipped (nothing is claimed about them). Most serious first.
/// Checking a whole schedule is `check(&[], &all, profile)`.
pub fn check(existing: &[&str], added: &[&str], profile: &HealthProfile) -> Vec<SafetyWarning> {
    let (existing, added) = (resolve(existing), resolve(added));
    let mut out = Vec::new();
    for (i, x) in added.iter().enumerate() {
        for y in existing.iter().chain(&added[..i]) {
            out.extend(pair_warning(y, x));
        }
    }
    for m in &added {
        out.extend(profile_warnings(m, profile));
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::AgeBand;

    fn kinds(w: &[SafetyWarning]) -> Vec<(WarningKind, Severity)> {
        w.iter().map(|w| (w.kind, w.severity)).collect()
    }

    #[test]
    fn the_shipped_table_names_only_known_drugs_and_classes() {
        assert!(parse_interactions(INTERACTIONS_TXT).unwrap().len() >= 60);
        assert!(parse_interactions("华法林 | 维生素K | major | x | y\n").unwrap_err().contains("维生素K"));
        assert!(parse_interactions("华法林 | 阿司匹林 | severe | x | y\n").is_err());
    }

    #[test]
    fn warfarin_with_aspirin_is_a_high_bleeding_warning_naming_both() {
        let w = check(&["华法林钠片"], &["阿司匹林肠溶片 100mg"], &HealthProfile::default());
        assert_eq!(kinds(&w), vec![(WarningKind::Interaction, Severity::High)]);
        assert_eq!(w[0].medicines, vec!["华法林钠片", "阿司匹林肠溶片 100mg"]);
        assert!(w[0].detail.zh.contains("出血"));
        assert!(w[0].detail.en.contains("bleeding"));
    }

    #[test]
    fn nitrates_with_sildenafil_must_not_be_taken_together() {
        let w = check(&["单硝酸异山梨酯缓释片"], &["万艾可"], &HealthProfile::default());
        assert_eq!(kinds(&w), vec![(WarningKind::Interaction, Severity::High)]);
        assert!(w[0].title.zh.contains("不能同用"));
    }

    #[test]
    fn specific_lines_win_over_class_lines() {
        // Aspirin + ibuprofen has its own advice (take aspirin first), not the generic GI line.
        let w = check(&["阿司匹林"], &["布洛芬缓释胶囊"], &HealthProfile::default());
        assert!(w[0].detail.zh.contains("30分钟"), "{:?}", w[0].detail);
        // Clopidogrel + omeprazole: reduced effect, moderate.
        let w = check(&["氯吡格雷"], &["奥美拉唑肠溶胶囊"], &HealthProfile::default());
        assert_eq!(kinds(&w), vec![(WarningKind::Interaction, Severity::Moderate)]);
        // Simvastatin + clarithromycin is contraindicated, atorvastatin + clarithromycin major.
        assert!(check(&["辛伐他汀"], &["克拉霉素"], &HealthProfile::default())[0].title.zh.contains("不能同用"));
        assert!(check(&["阿托伐他汀"], &["克拉霉素"], &HealthProfile::default())[0].title.zh.contains("可能相互作用"));
    }

    #[test]
    fn two_drugs_of_one_class_are_duplicate_therapy() {
        let w = check(&["阿托伐他汀钙片"], &["瑞舒伐他汀"], &HealthProfile::default());
        assert_eq!(kinds(&w), vec![(WarningKind::Duplicate, Severity::Moderate)]);
        assert!(w[0].title.zh.contains("他汀"));
        // A combination product duplicates its parts: Hyzaar + valsartan (two ARBs).
        let w = check(&["海捷亚"], &["缬沙坦胶囊"], &HealthProfile::default());
        assert_eq!(w[0].kind, WarningKind::Duplicate);
        // Two paracetamol products, the classic cold-remedy overdose.
        let w = check(&["泰诺林"], &["感康"], &HealthProfile::default());
        assert_eq!(w[0].kind, WarningKind::Duplicate);
        // The same drug entered twice.
        assert!(check(&["二甲双胍 早"], &["格华止"], &HealthProfile::default())[0].title.zh.contains("同一种药"));
    }

    #[test]
    fn usual_combinations_raise_nothing() {
        // Dual antiplatelet therapy after a stent, basal + mealtime insulin, metformin + statin.
        let none = |a: &str, b: &str| check(&[a], &[b], &HealthProfile::default()).is_empty();
        assert!(none("阿司匹林", "氯吡格雷"));
        assert!(none("甘精胰岛素", "门冬胰岛素"));
        assert!(none("二甲双胍", "阿托伐他汀"));
        assert!(none("氨氯地平", "缬沙坦"));
        // Unknown names: nothing is claimed.
        assert!(none("维生素C", "华法林"));
    }

    #[test]
    fn only_pairs_with_an_added_medicine_are_reported() {
        // The existing pair (warfarin + aspirin) was reported when it was added.
        let w = check(&["华法林", "阿司匹林"], &["二甲双胍"], &HealthProfile::default());
        assert!(w.is_empty());
        // A whole schedule: every pair.
        let w = check(&[], &["华法林", "阿司匹林", "布洛芬"], &HealthProfile::default());
        assert_eq!(w.len(), 3, "{w:?}");
    }

    #[test]
    fn allergies_match_their_group_and_penicillin_warns_on_cephalosporins() {
        let p = HealthProfile { allergies: vec!["penicillin".into()], ..Default::default() };
        let w = check(&[], &["阿莫西林胶囊"], &p);
        assert_eq!(kinds(&w), vec![(WarningKind::Allergy, Severity::High)]);
        assert!(w[0].title.zh.contains("青霉素"));
        assert_eq!(kinds(&check(&[], &["头孢克洛"], &p)), vec![(WarningKind::Allergy, Severity::Moderate)]);
        let nsaid = HealthProfile { allergies: vec!["nsaid".into()], ..Default::default() };
        assert_eq!(check(&[], &["芬必得"], &nsaid)[0].kind, WarningKind::Allergy);
        assert!(check(&[], &["对乙酰氨基酚"], &nsaid).is_empty());
    }

    #[test]
    fn pregnancy_and_breastfeeding_cautions() {
        let pregnant = HealthProfile { pregnancy: Some(Pregnancy::Pregnant), ..Default::default() };
        assert_eq!(kinds(&check(&[], &["华法林"], &pregnant)), vec![(WarningKind::Pregnancy, Severity::High)]);
        assert_eq!(kinds(&check(&[], &["氨氯地平"], &pregnant)), vec![(WarningKind::Pregnancy, Severity::Moderate)]);
        assert!(check(&[], &["对乙酰氨基酚"], &pregnant).is_empty());
        let feeding = HealthProfile { pregnancy: Some(Pregnancy::Breastfeeding), ..Default::default() };
        assert_eq!(kinds(&check(&[], &["缬沙坦"], &feeding)), vec![(WarningKind::Pregnancy, Severity::Moderate)]);
    }

    #[test]
    fn age_cautions_apply_from_65() {
        let old = HealthProfile { age_band: Some(AgeBand::Senior), ..Default::default() };
        let w = check(&[], &["艾司唑仑片"], &old);
        assert_eq!(kinds(&w), vec![(WarningKind::Age, Severity::Low)]);
        assert!(w[0].detail.zh.contains("跌倒"));
        assert!(check(&[], &["格列本脲"], &old)[0].detail.zh.contains("低血糖"));
        let young = HealthProfile { age_band: Some(AgeBand::Adult), ..Default::default() };
        assert!(check(&[], &["艾司唑仑片"], &young).is_empty());
    }

    #[test]
    fn warnings_come_most_serious_first() {
        let p = HealthProfile { age_band: Some(AgeBand::Elderly), ..Default::default() };
        let w = check(&["华法林"], &["布洛芬"], &p);
        assert_eq!(w.first().unwrap().severity, Severity::High);
        assert_eq!(w.last().unwrap().severity, Severity::Low);
    }
}
