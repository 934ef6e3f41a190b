//! Login by phone number and one-time code.
use serde::{Deserialize, Serialize};

/// A mainland-China mobile number: 11 digits starting 13–19. Spaces, dashes and a
/// `+86`/`86` prefix are accepted on input (members paste numbers in many shapes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Normalises and validates; `None` when it cannot be a mobile number.
    pub fn parse(input: &str) -> Option<Phone> {
        let digits: String = input.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
        let digits = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
        let digits = if digits.len() == 13 { digits.strip_prefix("86").unwrap_or(digits) } else { digits };
        let bytes = digits.as_bytes();
        let ok = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        ok.then(|| Phone(digits.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****0001`: the only form a phone number takes in responses and on screen.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// A one-time login code: exactly 6 ASCII digits.
pub fn is_valid_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// `POST /api/v1/auth/code`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    pub phone: String,
}

/// Response to [`CodeRequest`]. `dev_code` is only ever set by a server in dev mode
/// (there is no SMS gateway there); production never returns a code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeResponse {
    pub expires_in_secs: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev_code: Option<String>,
}

/// `POST /api/v1/auth/login`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub phone: String,
    pub code: String,
}

/// A new session. Browsers also get it as an HttpOnly cookie, so the portal never has to keep
/// the token in script-readable storage; other clients send it as `Authorization: Bearer`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResponse {
    pub token: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// `POST /api/v1/auth/logout-all`: how many sessions (devices) were signed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogoutAllResponse {
    pub revoked: u64,
}

/// How long a mini-program hand-off code stays valid: the host opens the web-view at once.
pub const HANDOFF_TTL_SECS: i64 = 60;

/// A hand-off code: 64 lowercase hex characters (32 random bytes). Checked before any
/// database lookup so junk in the address bar costs nothing.
pub fn is_valid_handoff_code(code: &str) -> bool {
    code.len() == 64 && code.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `POST /api/v1/auth/exchange`: the one-time code the mini-program put in the portal's URL.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRequest {
    pub code: String,
}

/// `POST /api/v1/admin/handoff-codes`: the mini-program's backend asks for a code for a member
/// it has already identified (through WeChat login), to open the portal signed in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoffRequest {
    pub phone: String,
}

/// A fresh hand-off code, to be put in the web-view's URL as `?code=`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoffCode {
    pub code: String,
    pub expires_in_secs: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handoff_codes_are_64_lowercase_hex_characters() {
        assert!(is_valid_handoff_code(&"0123456789abcdef".repeat(4)));
        assert!(!is_valid_handoff_code(&"a".repeat(63)));
        assert!(!is_valid_handoff_code(&"a".repeat(65)));
        assert!(!is_valid_handoff_code(&"A".repeat(64)));
        assert!(!is_valid_handoff_code(&format!("{}/", "a".repeat(63))));
        assert!(!is_valid_handoff_code("123456"));
    }

    #[test]
    fn accepts_common_spellings_of_a_mobile_number() {
        for input in ["13800000001", " 138 0000 0001 ", "+86 138-0000-0001", "8613800000001", "0086 13800000001"] {
            assert_eq!(Phone::parse(input).unwrap().as_str(), "13800000001", "{input}");
        }
    }

    #[test]
    fn rejects_what_cannot_be_a_mobile_number() {
        for input in
            ["", "1380000000", "138000000012", "12800000001", "23800000001", "1380000000a", "１３８００００００01"]
        {
            assert!(Phone::parse(input).is_none(), "{input}");
        }
    }

    #[test]
    fn masks_the_middle_four_digits() {
        assert_eq!(Phone::parse("13912345678").unwrap().masked(), "139****5678");
    }

    #[test]
    fn codes_are_six_digits() {
        assert!(is_valid_code("012345"));
        assert!(!is_valid_code("12345"));
        assert!(!is_valid_code("1234567"));
        assert!(!is_valid_code("12345a"));
    }
}

/// Seconds before another code may be sent to the same number (the portal counts down too).
pub const RESEND_AFTER_SECS: i64 = 60;
