//! Phone numbers as members type or paste them: parsing never panics, and whatever it
//! accepts is an 11-digit mobile number whose masked form hides the middle four digits.
#![no_main]
use api::auth::Phone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    if let Some(phone) = Phone::parse(&input) {
        let digits = phone.as_str();
        assert_eq!(digits.len(), 11);
        assert!(digits.bytes().all(|b| b.is_ascii_digit()) && digits.starts_with('1'));
        assert_eq!(Phone::parse(digits).as_ref(), Some(&phone), "normal form parses to itself");
        assert_eq!(phone.masked(), format!("{}****{}", &digits[..3], &digits[7..]));
    }
});
