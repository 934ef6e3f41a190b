//! OCR output (any text, any confidences) through the prescription parser: it must never
//! panic, and what it finds must come from the text it was given.
#![no_main]
use api::prescriptions::OcrLine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&conf, text)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(text);
    let lines: Vec<OcrLine> =
        text.lines().map(|l| OcrLine { text: l.to_string(), confidence: f32::from(conf) / 255.0 }).collect();
    let fields = api::prescriptions::parse::parse(&lines);
    for drug in &fields.drugs {
        assert!((0.0..=1.0).contains(&drug.name.confidence), "confidence out of range: {}", drug.name.confidence);
    }
});
