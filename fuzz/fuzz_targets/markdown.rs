//! Article Markdown (staff-written, shown to members): parsing any text never panics, and
//! the plain-text rendering used for search and summaries never panics either.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let _ = api::markdown::parse(&source);
    let _ = api::markdown::plain_text(&source);
});
