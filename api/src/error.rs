//! The one JSON error body every failing endpoint returns.
use serde::{Deserialize, Serialize};

/// `{"error": {"code": "...", "message": "..."}}`: `code` is stable and machine-readable,
/// `message` is English text for developers; the portal shows its own localised text per code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// The inner part of [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

/// Stable error codes shared by the server and the portal.
pub mod codes {
    pub const BAD_REQUEST: &str = "bad_request";
    pub const INVALID_JSON: &str = "invalid_json";
    pub const INVALID_PHONE: &str = "invalid_phone";
    pub const INVALID_CODE: &str = "invalid_code";
    /// A mini-program hand-off code that is unknown, used or expired: sign in again.
    pub const INVALID_HANDOFF: &str = "invalid_handoff";
    pub const TOO_MANY_ATTEMPTS: &str = "too_many_attempts";
    pub const RESEND_TOO_SOON: &str = "resend_too_soon";
    /// Locked out for a while (too many codes or tries from one number or address); the
    /// response's `Retry-After` header says for how long.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// The platform registered a phone number that already belongs to a member.
    pub const MEMBER_EXISTS: &str = "member_exists";
    pub const INSUFFICIENT_POINTS: &str = "insufficient_points";
    pub const OUT_OF_STOCK: &str = "out_of_stock";
    pub const LIMIT_REACHED: &str = "limit_reached";
    pub const IDEMPOTENCY_KEY_MISSING: &str = "idempotency_key_missing";
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency_key_reused";
    pub const INVALID_CURSOR: &str = "invalid_cursor";
    pub const INVALID_MEDICATION: &str = "invalid_medication";
    pub const INVALID_TIME_ZONE: &str = "invalid_time_zone";
    pub const INVALID_DOSE: &str = "invalid_dose";
    pub const NOT_SCHEDULED: &str = "not_scheduled";
    /// Two logs of one scheduled dose disagree (taken vs skipped): shown, never dropped.
    pub const DOSE_CONFLICT: &str = "dose_conflict";
    /// An upload with no pages, too many, or a page that is empty.
    pub const INVALID_UPLOAD: &str = "invalid_upload";
    /// A page that is not a JPEG, PNG, WebP or PDF (by its content, whatever its name).
    pub const UNSUPPORTED_FILE_TYPE: &str = "unsupported_file_type";
    /// Claims to be an image but does not decode as one.
    pub const CORRUPT_IMAGE: &str = "corrupt_image";
    /// Too few pixels to read the small print.
    pub const IMAGE_TOO_SMALL: &str = "image_too_small";
    /// More pixels than the server will decode (a decompression bomb, or a huge scan).
    pub const IMAGE_TOO_LARGE: &str = "image_too_large";
    /// The prescription is not in a state that allows this (e.g. submitting twice).
    pub const INVALID_STATE: &str = "invalid_state";
    pub const INVALID_PRESCRIPTION: &str = "invalid_prescription";
    /// Another pharmacist holds the prescription (their claim has not lapsed).
    pub const CLAIMED: &str = "claimed";
    /// An invite code that belongs to no member (mistyped, or from another shop).
    pub const INVALID_REFERRAL_CODE: &str = "invalid_referral_code";
    /// The invite cannot link this member: their own code, a second referrer, or after ordering.
    pub const REFERRAL_REFUSED: &str = "referral_refused";
    /// The campaign's coupons are all given out, or it is not running.
    pub const CAMPAIGN_UNAVAILABLE: &str = "campaign_unavailable";
    /// The platform registered a phone number that already belongs to a staff member.
    pub const STAFF_EXISTS: &str = "staff_exists";
    /// A survey answer off the scale or with too long a reason.
    pub const INVALID_ANSWER: &str = "invalid_answer";
    /// Feedback with an unknown category or text too short or long.
    pub const INVALID_FEEDBACK: &str = "invalid_feedback";
    /// A health profile field outside its list (the message names the field).
    pub const INVALID_PROFILE: &str = "invalid_profile";
    /// Data that needs the member's consent to its purpose was sent without it.
    pub const CONSENT_REQUIRED: &str = "consent_required";
    /// A consultation question or reply that is empty or too long.
    pub const INVALID_CONSULTATION: &str = "invalid_consultation";
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// Signed in, but this access (e.g. a caregiver with read-only access logging a dose) is not granted.
    pub const FORBIDDEN: &str = "forbidden";
    /// A family invitation code that is wrong, used or expired.
    pub const INVALID_INVITATION: &str = "invalid_invitation";
    pub const SESSION_EXPIRED: &str = "session_expired";
    pub const NOT_FOUND: &str = "not_found";
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    pub const INTERNAL: &str = "internal";
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { error: ErrorDetail { code: code.into(), message: message.into() } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_the_documented_shape() {
        let body = ErrorBody::new(codes::INVALID_CODE, "wrong code");
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":{"code":"invalid_code","message":"wrong code"}}"#
        );
    }
}
