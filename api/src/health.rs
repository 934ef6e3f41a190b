//! The member's health profile (健康档案), the medicine search and pharmacist consultations:
//! wire types and the validation of what a member sends.
use serde::{Deserialize, Serialize};

/// Why the profile is asked for; shown beside the form and recorded with the consent (PIPL:
/// purpose stated, minimum data, every field optional).
pub const PURPOSE_ZH: &str =
    "用于检查您的用药是否与过敏史、孕期或年龄相冲突，并提醒重复用药。每一项都可以不填，您可以随时修改或删除。";
pub const PURPOSE_EN: &str = "Used only to check your medicines against your allergies, pregnancy and age, and to spot duplicates. Every field is optional; change or delete it at any time.";

/// Conditions a member may record (tags shared with the articles' topics where they overlap).
pub const CONDITIONS: &[(&str, &str)] = &[
    ("高血压", "High blood pressure"),
    ("糖尿病", "Diabetes"),
    ("高血脂", "High cholesterol"),
    ("冠心病", "Coronary heart disease"),
    ("心力衰竭", "Heart failure"),
    ("房颤", "Atrial fibrillation"),
    ("哮喘", "Asthma"),
    ("慢阻肺", "COPD"),
    ("慢性肾病", "Chronic kidney disease"),
    ("肝病", "Liver disease"),
    ("痛风", "Gout"),
    ("骨质疏松", "Osteoporosis"),
    ("胃溃疡", "Stomach ulcer"),
    ("青光眼", "Glaucoma"),
    ("前列腺增生", "Enlarged prostate"),
    ("甲状腺疾病", "Thyroid disease"),
    ("抑郁焦虑", "Depression or anxiety"),
];

/// Allergy groups a member may record; the dictionary tags each drug with one.
pub const ALLERGY_GROUPS: &[(&str, &str, &str)] = &[
    ("penicillin", "青霉素类", "Penicillins"),
    ("cephalosporin", "头孢类", "Cephalosporins"),
    ("sulfonamide", "磺胺类", "Sulfonamides"),
    ("nsaid", "阿司匹林及止痛药（布洛芬等）", "Aspirin and NSAID painkillers"),
    ("fluoroquinolone", "沙星类", "Quinolone antibiotics"),
    ("macrolide", "大环内酯类（阿奇霉素等）", "Macrolides (azithromycin etc.)"),
    ("tetracycline", "四环素类", "Tetracyclines"),
    ("opioid", "阿片类止痛药", "Opioid painkillers"),
];

/// The label of an allergy group in `lang` (`en` or Chinese).
pub fn allergy_label<'a>(group: &'a str, lang: &str) -> &'a str {
    ALLERGY_GROUPS.iter().find(|g| g.0 == group).map(|g| if lang == "en" { g.2 } else { g.1 }).unwrap_or(group)
}

/// Pregnancy or breast-feeding, when the member chooses to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Pregnancy {
    Pregnant,
    Breastfeeding,
}

/// An age band rather than a birth date: enough for the checks, less to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AgeBand {
    #[serde(rename = "under_18")]
    Under18,
    #[serde(rename = "18_64")]
    Adult,
    #[serde(rename = "65_79")]
    Senior,
    #[serde(rename = "80_plus")]
    Elderly,
}

impl AgeBand {
    /// 65 or over: the age cautions apply.
    pub fn is_65_plus(self) -> bool {
        matches!(self, AgeBand::Senior | AgeBand::Elderly)
    }
}

/// `GET|PUT /api/v1/me/health`: what the member has told us. Every field optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthProfile {
    /// Tags from [`CONDITIONS`].
    #[serde(default)]
    pub conditions: Vec<String>,
    /// Ids from [`ALLERGY_GROUPS`].
    #[serde(default)]
    pub allergies: Vec<String>,
    /// Anything else the member is allergic to, in their words (shown to the pharmacist).
    #[serde(default)]
    pub other_allergies: String,
    pub pregnancy: Option<Pregnancy>,
    pub age_band: Option<AgeBand>,
}

/// Longest free-text allergy note.
pub const MAX_OTHER_ALLERGIES: usize = 200;

impl HealthProfile {
    /// Checks every field against its list; the error names the field.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(c) = self.conditions.iter().find(|c| !CONDITIONS.iter().any(|k| k.0 == c.as_str())) {
            return Err(format!("conditions: unknown condition {c}"));
        }
        if let Some(a) = self.allergies.iter().find(|a| !ALLERGY_GROUPS.iter().any(|g| g.0 == a.as_str())) {
            return Err(format!("allergies: unknown group {a}"));
        }
        if self.other_allergies.chars().count() > MAX_OTHER_ALLERGIES {
            return Err(format!("other_allergies: at most {MAX_OTHER_ALLERGIES} characters"));
        }
        Ok(())
    }
}

/// `PUT /api/v1/me/health` body: the profile and the member's consent to its purpose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthProfileInput {
    #[serde(flatten)]
    pub profile: HealthProfile,
    /// Must be true: the member agrees to the purpose shown ([`PURPOSE_ZH`]).
    pub consent: bool,
}

/// `GET /api/v1/me/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthProfileView {
    pub profile: HealthProfile,
    /// Unix seconds of the consent; `None` when nothing is held.
    pub consented_at: Option<i64>,
    pub updated_at: Option<i64>,
}

/// A drug from the dictionary as the portal shows it (`GET /api/v1/drugs?q=`, and on each
/// scheduled medication so the notes are there offline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DrugInfo {
    pub zh: String,
    pub en: String,
    pub pinyin: String,
    pub brands: Vec<String>,
    /// Class labels, Chinese and English.
    pub classes_zh: Vec<String>,
    pub classes_en: Vec<String>,
    pub strengths: Vec<String>,
    pub forms: Vec<String>,
    pub prescription_only: bool,
    pub cold_chain: bool,
    pub note_zh: String,
    pub note_en: String,
}

impl DrugInfo {
    /// The member-facing view of a dictionary entry.
    pub fn from_drug(d: &crate::drugs::Drug) -> DrugInfo {
        let dict = crate::drugs::dictionary();
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        let class_labels = |en: bool| {
            d.classes.iter().filter_map(|c| dict.class(c)).map(|c| (if en { c.en } else { c.zh }).to_string()).collect()
        };
        DrugInfo {
            zh: d.zh.into(),
            en: d.en.into(),
            pinyin: d.pinyin.into(),
            brands: strings(&d.brands),
            classes_zh: class_labels(false),
            classes_en: class_labels(true),
            strengths: strings(&d.strengths),
            forms: strings(&d.forms),
            prescription_only: d.prescription_only,
            cold_chain: d.cold_chain,
            note_zh: d.note_zh.into(),
            note_en: d.note_en.into(),
        }
    }

    /// Whether a member's query matches this entry (the portal's offline search over the
    /// medicines it holds): name, brand, English or pinyin initials.
    pub fn matches(&self, query: &str) -> bool {
        let q: String = query.trim().to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        if q.is_empty() {
            return false;
        }
        let initials: String = self.pinyin.split_whitespace().filter_map(|s| s.chars().next()).collect();
        let pinyin: String = self.pinyin.split_whitespace().collect();
        self.zh.contains(&q)
            || self.en.to_lowercase().replace(' ', "").contains(&q)
            || self.brands.iter().any(|b| b.to_lowercase().replace(' ', "").contains(&q))
            || (q.is_ascii() && (pinyin.starts_with(&q) || initials.starts_with(&q)))
    }
}

/// A question to a pharmacist (`POST /api/v1/consultations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationRequest {
    /// The member's question, 1–1000 characters.
    pub question: String,
    /// Medicines it is about (names as on the schedule), if any.
    #[serde(default)]
    pub medicines: Vec<String>,
    /// The safety warning that led here, as shown to the member.
    #[serde(default)]
    pub warning: Option<String>,
}

/// Longest question.
pub const MAX_QUESTION: usize = 1000;

impl ConsultationRequest {
    /// The question trimmed and within limits.
    pub fn validate(&self) -> Result<(), String> {
        let n = self.question.trim().chars().count();
        if n == 0 {
            return Err("question: write your question".into());
        }
        if n > MAX_QUESTION {
            return Err(format!("question: at most {MAX_QUESTION} characters"));
        }
        if self.medicines.len() > 20 || self.medicines.iter().any(|m| m.chars().count() > 100) {
            return Err("medicines: at most 20 names of 100 characters".into());
        }
        if has_control(&self.question) || self.warning.as_deref().is_some_and(has_control) {
            return Err("question: control characters are not text".into());
        }
        Ok(())
    }
}

/// Control characters other than line breaks and tabs: never typed, so refused in free text.
pub fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// A consultation and the pharmacist's reply, once there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consultation {
    pub id: String,
    pub question: String,
    pub medicines: Vec<String>,
    pub warning: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    pub reply: Option<String>,
    pub replied_at: Option<i64>,
    /// Unix seconds by which a pharmacist answers (24 h).
    pub reply_due_at: i64,
}

/// `POST /api/v1/staff/consultations/{id}/reply`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationReply {
    pub reply: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_accept_only_listed_conditions_and_groups() {
        let mut p = HealthProfile {
            conditions: vec!["高血压".into()],
            allergies: vec!["penicillin".into()],
            ..Default::default()
        };
        assert_eq!(p.validate(), Ok(()));
        p.allergies.push("peanuts".into());
        assert!(p.validate().unwrap_err().starts_with("allergies"));
        let p = HealthProfile { other_allergies: "花".repeat(201), ..Default::default() };
        assert!(p.validate().unwrap_err().starts_with("other_allergies"));
    }

    #[test]
    fn age_bands_and_pregnancy_use_stable_wire_names() {
        let p: HealthProfile = serde_json::from_str(r#"{"age_band":"65_79","pregnancy":"breastfeeding"}"#).unwrap();
        assert!(p.age_band.unwrap().is_65_plus());
        assert_eq!(p.pregnancy, Some(Pregnancy::Breastfeeding));
        assert!(!AgeBand::Adult.is_65_plus());
    }

    #[test]
    fn offline_search_matches_names_brands_and_initials() {
        let info = DrugInfo::from_drug(crate::drugs::dictionary().by_stem("阿托伐他汀").unwrap());
        for q in ["阿托", "lipitor", "Atorva", "atft", "atuofa", "立普妥"] {
            assert!(info.matches(q), "{q}");
        }
        assert!(!info.matches("metformin"));
        assert!(!info.matches(" "));
    }

    #[test]
    fn questions_must_say_something_and_stay_short() {
        let q = |s: &str| ConsultationRequest { question: s.into(), medicines: vec![], warning: None };
        assert!(q("  ").validate().is_err());
        assert!(q(&"问".repeat(1001)).validate().is_err());
        assert!(q("华法林和阿司匹林能一起吃吗？").validate().is_ok());
        assert!(q("第一行\n第二行\t缩进").validate().is_ok(), "line breaks are text");
        assert!(q("\u{1}PPE1:00").validate().is_err(), "control characters are not");
    }
}
