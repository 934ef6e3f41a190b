//! Prescriptions uploaded by the member and their review status.
use serde::{Deserialize, Serialize};

pub mod crosscheck;
pub mod directions;
pub mod handoff;
pub mod merge;
pub mod parse;
pub mod review;
pub mod text;

pub use parse::parse;

/// Where a prescription is in its journey from photo to pharmacist decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrescriptionStatus {
    Uploaded,
    Recognising,
    Recognised,
    OcrFailed,
    InReview,
    Approved,
    Rejected,
}

impl PrescriptionStatus {
    /// Still waiting for something (OCR, the member's confirmation or the pharmacist).
    pub fn is_pending(self) -> bool {
        !matches!(self, Self::Approved | Self::Rejected)
    }
}

/// A prescription in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrescriptionCard {
    pub id: String,
    pub status: PrescriptionStatus,
    /// Unix seconds.
    pub created_at: i64,
    /// Drug names as recognised or confirmed, for the list row.
    #[serde(default)]
    pub drugs: Vec<String>,
    pub rejection: Option<Rejection>,
}

/// Why a pharmacist turned a prescription down: a stable code the portal words in the
/// member's language, and the pharmacist's own note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejection {
    pub code: RejectionCode,
    pub note: Option<String>,
}

/// Reasons a prescription is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    /// The photo cannot be read well enough to dispense from.
    Unreadable,
    /// Issued too long ago (or dated in the future).
    Expired,
    /// No patient name.
    MissingPatient,
    /// A drug without directions (how much, how often).
    MissingDirections,
    /// A drug the pharmacy cannot identify or does not dispense.
    UnknownDrug,
    Other,
}

/// A value read from the prescription and how sure the reading is (0–1). The member
/// confirms or corrects every field before review; low ones are highlighted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Field {
    pub value: String,
    pub confidence: f32,
    /// Another reading the member should compare with the paper: a different real drug the
    /// text could also be, or the text as read before correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
}

/// Below this a field is shown as "please check".
pub const LOW_CONFIDENCE: f32 = 0.8;

impl Field {
    pub fn new(value: impl Into<String>, confidence: f32) -> Self {
        Field { value: value.into(), confidence: confidence.clamp(0.0, 1.0), alternative: None }
    }

    /// Needs the member's eye: missing, or read with low confidence.
    pub fn is_doubtful(&self) -> bool {
        self.value.trim().is_empty() || self.confidence < LOW_CONFIDENCE
    }
}

/// One drug on the prescription.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DrugLine {
    pub name: Field,
    /// 规格, e.g. "20mg".
    pub strength: Field,
    /// Per dose, e.g. "每次1片", "1 tab".
    pub dose: Field,
    /// As written: "每日3次", "bid", "q8h".
    pub frequency: Field,
    /// "口服", "PO", "皮下注射".
    pub route: Field,
    /// Quantity or duration: "14片", "#60", "7天".
    pub quantity: Field,
}

/// Everything read from a prescription's pages.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RxFields {
    pub patient: Field,
    /// `YYYY-MM-DD` when it could be read as a date; otherwise as written.
    pub date: Field,
    pub hospital: Field,
    pub doctor: Field,
    pub drugs: Vec<DrugLine>,
}

/// One line of recognised text with the engine's confidence (0–1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrLine {
    pub text: String,
    /// The mean over the line's words.
    pub confidence: f32,
    /// Words the engine itself was unsure of, as read: one misread character in a name
    /// (杨磊 read as 杨舌) hides in the line's mean but not here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsure_words: Vec<String>,
}

impl OcrLine {
    /// A line with no word singled out as unsure.
    pub fn new(text: impl Into<String>, confidence: f32) -> Self {
        OcrLine { text: text.into(), confidence, unsure_words: Vec::new() }
    }
}

/// One uploaded page (image), as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageInfo {
    /// 1-based; the image is at `/prescriptions/{id}/pages/{n}`.
    pub n: u32,
    pub width: u32,
    pub height: u32,
}

/// A step in the prescription's journey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusEvent {
    pub status: PrescriptionStatus,
    /// Unix seconds.
    pub at: i64,
}

/// A prescription with its pages, fields and history (the detail screen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Prescription {
    pub id: String,
    pub status: PrescriptionStatus,
    pub created_at: i64,
    pub pages: Vec<PageInfo>,
    /// What the member confirmed once submitted; before that what OCR read (if anything).
    pub fields: Option<RxFields>,
    pub rejection: Option<Rejection>,
    pub timeline: Vec<StatusEvent>,
    /// Seconds from upload to the pharmacist's decision, once decided.
    pub review_secs: Option<i64>,
    /// Schedule entries made from this prescription (empty until the member adds them).
    pub medication_ids: Vec<String>,
    /// Safety findings for the recognised drugs against the member's schedule and health
    /// profile, until they are added to the schedule (which then carries them).
    #[serde(default)]
    pub warnings: Vec<crate::safety::SafetyWarning>,
}

/// The member's confirmed (possibly corrected) fields, sent for pharmacist review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitRequest {
    pub fields: RxFields,
}

/// A pharmacist's decision (`POST /api/v1/staff/prescriptions/{id}/decision`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject { code: RejectionCode, note: Option<String> },
}

/// Upload limits the portal checks before sending and the server enforces.
pub mod limits {
    /// Largest file accepted per page.
    pub const MAX_PAGE_BYTES: usize = 10 * 1024 * 1024;
    /// Most pages per prescription.
    pub const MAX_PAGES: usize = 5;
    /// A photo's long side must reach this for the small print to be legible.
    pub const MIN_LONG_SIDE: u32 = 800;
    /// The portal scales photos down to this long side before upload.
    pub const UPLOAD_LONG_SIDE: u32 = 2000;
    /// Largest image (in pixels) the server will decode: guards against decompression bombs.
    pub const MAX_PIXELS: u64 = 40_000_000;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_decided_prescriptions_are_not_pending() {
        assert!(PrescriptionStatus::InReview.is_pending());
        assert!(PrescriptionStatus::OcrFailed.is_pending());
        assert!(!PrescriptionStatus::Approved.is_pending());
        assert!(!PrescriptionStatus::Rejected.is_pending());
    }

    #[test]
    fn status_uses_snake_case_on_the_wire() {
        assert_eq!(serde_json::to_string(&PrescriptionStatus::OcrFailed).unwrap(), r#""ocr_failed""#);
    }
}
