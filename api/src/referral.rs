//! Bring a friend (老带新): invite codes, who may be linked to whom, when the referrer earns the
//! ¥200 drug voucher, and the invite's QR code.
use serde::{Deserialize, Serialize};

/// The referrer's drug voucher, in fen (¥200).
pub const VOUCHER_FEN: i64 = 20_000;
/// The new member's welcome coupon: ¥20 off an order of ¥99 or more.
pub const WELCOME_FEN: i64 = 2_000;
pub const WELCOME_MIN_ORDER_FEN: i64 = 9_900;
/// A first order of at least ¥50 qualifies (a ¥1 order bought only to trigger the voucher does not).
pub const QUALIFYING_ORDER_FEN: i64 = 5_000;
/// Vouchers per referrer per calendar year unless the server is configured otherwise.
pub const DEFAULT_YEARLY_CAP: u32 = 10;
/// Days a voucher or welcome coupon stays valid.
pub const COUPON_VALID_DAYS: i64 = 90;
/// Letters and digits a code is made of: no 0/O or 1/I, which older eyes and OCR confuse.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 8;
/// A member who joined without the invite may enter its code within this many days.
pub const LATE_ENTRY_DAYS: i64 = 7;
/// Path of the invite page a link opens (`?ref=CODE`).
pub const JOIN_PATH: &str = "/join";

/// A code from random bytes (one symbol per byte, 32 symbols: 40 bits).
pub fn code_from(bytes: [u8; CODE_LEN]) -> String {
    bytes.iter().map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char).collect()
}

/// A code as typed or scanned (spaces, lower case) in its canonical form, if it can be one.
pub fn normalise_code(input: &str) -> Option<String> {
    let code: String =
        input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// The invite link for `origin` (`https://shop.example`).
pub fn invite_link(origin: &str, code: &str) -> String {
    format!("{}{JOIN_PATH}?ref={code}", origin.trim_end_matches('/'))
}

/// Where a referral stands, as the referrer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RewardState {
    /// Joined; the voucher comes with their first qualifying order.
    PendingFirstOrder,
    Awarded,
    NotEligible,
}

/// Why a referral earns nothing (or lost its voucher).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Ineligible {
    /// The number belonged to a member before (an account since deleted counts).
    FormerMember,
    /// The referrer had already earned this year's maximum of vouchers.
    YearlyCapReached,
    /// The first order was refunded or cancelled (an unused voucher is withdrawn).
    OrderRefunded,
}

/// Why a code cannot link a member at all (the request is refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    SelfReferral,
    AlreadyReferred,
    /// Only a member who has not ordered yet can be brought in.
    AlreadyOrdered,
    /// Joined more than [`LATE_ENTRY_DAYS`] ago.
    TooLate,
}

/// Whether `referee` may be linked to `referrer`, and whether that referral can ever earn.
/// `Ok(None)`: linked, pending the first order; `Ok(Some(reason))`: linked, but it will not earn.
pub fn link(
    referrer: &str,
    referee: &str,
    has_referrer: bool,
    has_ordered: bool,
    was_member_before: bool,
) -> Result<Option<Ineligible>, LinkRefusal> {
    if referrer == referee {
        return Err(LinkRefusal::SelfReferral);
    }
    if has_referrer {
        return Err(LinkRefusal::AlreadyReferred);
    }
    if has_ordered {
        return Err(LinkRefusal::AlreadyOrdered);
    }
    Ok(was_member_before.then_some(Ineligible::FormerMember))
}

/// What a referee's order does to a pending referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnOrder {
    Award,
    /// Too small to qualify: the referral keeps waiting for a qualifying one.
    StayPending,
    NotEligible(Ineligible),
}

/// Decides on a pending referral's first qualifying order.
pub fn on_order(amount_fen: i64, awarded_this_year: u32, yearly_cap: u32) -> OnOrder {
    if amount_fen < QUALIFYING_ORDER_FEN {
        OnOrder::StayPending
    } else if awarded_this_year >= yearly_cap {
        OnOrder::NotEligible(Ineligible::YearlyCapReached)
    } else {
        OnOrder::Award
    }
}

/// One person the member invited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referee {
    /// `139****0002`: never the whole number.
    pub phone_masked: String,
    pub joined_at: i64,
    pub state: RewardState,
    pub reason: Option<Ineligible>,
}

/// `GET /api/v1/referrals`: the member's own invite and who joined through it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralOverview {
    pub code: String,
    pub voucher_fen: i64,
    pub welcome_fen: i64,
    pub qualifying_order_fen: i64,
    pub yearly_cap: u32,
    pub awarded_this_year: u32,
    /// Newest first.
    pub invited: Vec<Referee>,
}

/// `POST /api/v1/referrals/claim`: a member who joined without the link enters the code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimReferral {
    pub code: String,
}

/// `POST /api/v1/auth/signup`: a new member joins from an invite (or without one).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupRequest {
    pub phone: String,
    /// The SMS code from `/auth/code`.
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub referral_code: Option<String>,
}

/// The invite's QR code as rows of dark (true) and light modules, quiet zone excluded; `None`
/// if the text is too long for a QR code.
pub fn qr_modules(text: &str) -> Option<Vec<Vec<bool>>> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    Some(colors.chunks(width).map(|row| row.iter().map(|c| *c == qrcode::Color::Dark).collect()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_only_unambiguous_symbols_and_read_back_however_typed() {
        let code = code_from([0, 1, 31, 32, 200, 255, 7, 9]);
        assert_eq!(code.len(), CODE_LEN);
        assert!(!code.contains(['0', 'O', '1', 'I']));
        assert_eq!(normalise_code(&format!(" {} ", code.to_lowercase())), Some(code.clone()));
        assert_eq!(normalise_code("ABCD-EFGH"), Some("ABCDEFGH".into()));
        assert_eq!(normalise_code("ABCDEFG0"), None, "0 is never issued");
        assert_eq!(normalise_code("ABC"), None);
    }

    #[test]
    fn nobody_refers_themself_or_is_referred_twice_or_after_ordering() {
        assert_eq!(link("a", "a", false, false, false), Err(LinkRefusal::SelfReferral));
        assert_eq!(link("a", "b", true, false, false), Err(LinkRefusal::AlreadyReferred));
        assert_eq!(link("a", "b", false, true, false), Err(LinkRefusal::AlreadyOrdered));
        assert_eq!(link("a", "b", false, false, false), Ok(None));
        assert_eq!(link("a", "b", false, false, true), Ok(Some(Ineligible::FormerMember)), "linked, shown, never paid");
    }

    #[test]
    fn the_first_qualifying_order_earns_within_the_yearly_cap() {
        assert_eq!(on_order(QUALIFYING_ORDER_FEN - 1, 0, 10), OnOrder::StayPending);
        assert_eq!(on_order(QUALIFYING_ORDER_FEN, 0, 10), OnOrder::Award);
        assert_eq!(on_order(80_000, 9, 10), OnOrder::Award);
        assert_eq!(on_order(80_000, 10, 10), OnOrder::NotEligible(Ineligible::YearlyCapReached));
        assert_eq!(on_order(80_000, 0, 0), OnOrder::NotEligible(Ineligible::YearlyCapReached));
    }

    #[test]
    fn the_invite_link_opens_the_join_page_and_fits_a_qr_code() {
        let link = invite_link("https://shop.example/", "ABCDEFGH");
        assert_eq!(link, "https://shop.example/join?ref=ABCDEFGH");
        let m = qr_modules(&link).unwrap();
        assert!(m.len() >= 21 && m.iter().all(|row| row.len() == m.len()), "square, version 1 or more");
        // The three finder patterns: dark corners.
        assert!(m[0][0] && m[0][m.len() - 1] && m[m.len() - 1][0]);
    }
}
