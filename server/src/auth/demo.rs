//! Dev mode's demo accounts sign in with one fixed code (production never accepts it): the
//! numbers live here so sign-in does not depend on the demo data that uses them.
use api::auth::Phone;

/// The code dev mode accepts for every demo number.
pub const CODE: &str = "246810";

/// The demo members' numbers (bronze, silver, gold).
pub const MEMBER_PHONES: [&str; 3] = ["13800000001", "13800000002", "13800000003"];

/// The demo staff's numbers (pharmacist, member service, content editor).
pub const STAFF_PHONES: [&str; 3] = ["13600000001", "13600000002", "13600000003"];

/// A demo member's or demo staff member's number: dev mode accepts [`CODE`] for it.
pub fn is_demo_phone(phone: &Phone) -> bool {
    MEMBER_PHONES.iter().chain(&STAFF_PHONES).any(|p| *p == phone.as_str())
}
