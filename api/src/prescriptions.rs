//! Prescriptions uploaded by the member and their review status.
use serde::{Deserialize, Serialize};

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
    pub rejection_reason: Option<String>,
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
