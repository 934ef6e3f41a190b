//! Property tests of everything that parses outside input: OCR text, article Markdown,
//! schedule specs and request bodies. Whatever arrives, nothing panics, and the results keep
//! their promises (links are safe, doses fall inside the asked range, phones are 11 digits).
use api::markdown::{self, Block, Inline, Link};
use api::prescriptions::OcrLine;
use api::schedule::expand::{self, expand};
use api::schedule::{MedicationSpec, Timing};
use proptest::prelude::*;

/// Text like a phone photo's OCR: Chinese, digits, units, punctuation and noise.
fn ocr_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "硝苯地平",
                "控释片",
                "二甲双胍",
                "每日",
                "一次",
                "两次",
                "每次",
                "片",
                "mg",
                "ml",
                "×",
                "x",
                "口服",
                "饭后",
                "Rp:",
                "处方",
                "日期",
                "2026",
                "年",
                "月",
                "日",
                "-",
                "/",
                ".",
                " ",
                "：",
                "q8h",
                "bid",
                "tid",
                "0",
                "1",
                "2",
                "3",
                "5",
                "7",
                "10",
                "30",
                "100",
                "½",
                "①",
                "〇",
                "零",
                "十",
                "百",
            ])
            .prop_map(str::to_string),
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn walk_inlines(spans: &[Inline], f: &mut impl FnMut(&Inline)) {
    for s in spans {
        f(s);
    }
}

proptest! {
    // No failure files: a failing case is printed (minimal input) and becomes a unit test.
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ocr_parsing_never_panics_and_keeps_confidence_in_range(
        lines in prop::collection::vec((ocr_text(), 0.0f32..=1.0), 0..12)
    ) {
        let lines: Vec<OcrLine> = lines.into_iter().map(|(text, confidence)| OcrLine::new(text, confidence)).collect();
        let fields = api::prescriptions::parse::parse(&lines);
        let json = serde_json::to_value(&fields).unwrap();
        // Every confidence the member is shown is a fraction.
        fn check(v: &serde_json::Value) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(c) = m.get("confidence").and_then(|c| c.as_f64()) {
                        assert!((0.0..=1.0).contains(&c), "confidence {c}");
                    }
                    m.values().for_each(check);
                }
                serde_json::Value::Array(a) => a.iter().for_each(check),
                _ => {}
            }
        }
        check(&json);
        for l in &lines {
            let _ = api::prescriptions::parse::find_date(&l.text);
            let _ = api::prescriptions::text::normalise(&l.text);
            let _ = api::prescriptions::directions::route(&l.text);
            let _ = api::prescriptions::directions::quantity(&l.text);
            for (i, _) in l.text.char_indices() {
                let _ = api::prescriptions::directions::strength(&l.text, i);
                let _ = api::prescriptions::directions::dose(&l.text, i);
            }
        }
    }

    #[test]
    fn markdown_never_panics_and_links_stay_safe(source in "(?s).{0,400}", extra in prop::sample::select(vec![
        "[a](javascript:alert(1))", "[b](https://ok.example/x)", "<script>x</script>", "**", "# h\n", "- li\n",
        "[c](/articles/some-slug)", "[d](data:text/html,x)", "![i](http://x)", "\n\n", "`", "> q\n",
    ])) {
        let source = format!("{source}{extra}{source}");
        let blocks = markdown::parse(&source);
        let _ = markdown::plain_text(&source);
        let mut check = |i: &Inline| {
            if let Inline::Link { to: Link::External(url), .. } = i {
                assert!(url.starts_with("https://"), "external links are https only: {url}");
            }
        };
        for b in &blocks {
            match b {
                Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => walk_inlines(text, &mut check),
                Block::List { items, .. } => items.iter().for_each(|spans| walk_inlines(spans, &mut check)),
                _ => {}
            }
        }
    }

    #[test]
    fn any_spec_the_validator_accepts_expands_inside_the_range(
        times in prop::collection::vec("[0-2][0-9]:[0-5][0-9]", 0..6),
        every_hours in 0u8..30,
        kind in 0u8..3,
        days in prop::collection::vec(0u8..9, 0..8),
        start in "20(2[0-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
        span in 0i64..40,
        zone in prop::sample::select(vec!["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham"]),
        dose in -2.0f64..20.0,
    ) {
        let timing = match kind {
            0 => Timing::Times { times: times.clone() },
            1 => Timing::Interval { every_hours, first: times.first().cloned().unwrap_or_else(|| "08:00".into()) },
            _ => Timing::AsNeeded,
        };
        let mut spec = MedicationSpec::new("药", dose, "片", timing, &start);
        spec.days = days;
        if let Ok(spec) = spec.normalised() {
            let tz = expand::zone(zone).unwrap();
            let from = expand::date(&spec.start_date).unwrap();
            let to = expand::add_days(from, span);
            let occurrences = expand("m", &spec, &tz, from, to);
            let (first, last) = (from.to_string(), to.to_string());
            for w in occurrences.windows(2) {
                prop_assert!(w[0].at <= w[1].at, "in order");
            }
            for o in &occurrences {
                prop_assert!(o.local_date >= first && o.local_date <= last, "{} outside {first}..{last}", o.local_date);
            }
        }
    }

    #[test]
    fn request_bodies_of_any_shape_are_refused_not_panicked_on(body in "(?s).{0,300}", key in "[a-z_]{1,12}", n in any::<i64>()) {
        let candidates = [
            body.clone(),
            format!("{{\"{key}\": {n}}}"),
            format!("{{\"id\": \"{key}\", \"medication_id\": \"m\", \"action\": \"{key}\", \"scheduled_at\": {n}}}"),
            format!("{{\"name\": \"{key}\", \"dose_amount\": {n}, \"dose_unit\": \"片\", \"timing\": {{\"kind\": \"{key}\"}}, \"start_date\": \"{body}\"}}"),
        ];
        for text in &candidates {
            let _ = serde_json::from_str::<api::schedule::DoseLogInput>(text);
            if let Ok(spec) = serde_json::from_str::<MedicationSpec>(text) {
                let _ = spec.normalised();
            }
            let _ = serde_json::from_str::<api::auth::LoginRequest>(text);
            let _ = serde_json::from_str::<api::prescriptions::SubmitRequest>(text);
            let _ = serde_json::from_str::<api::prescriptions::Decision>(text);
            let _ = serde_json::from_str::<api::surveys::Answer>(text);
            let _ = serde_json::from_str::<api::member::Privacy>(text);
        }
    }

    #[test]
    fn phone_numbers_parse_to_eleven_digits_or_nothing(input in "[ +0-9-]{0,20}|.{0,20}") {
        if let Some(p) = api::auth::Phone::parse(&input) {
            prop_assert_eq!(p.as_str().len(), 11);
            prop_assert!(p.as_str().bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(!p.masked().contains(&p.as_str()[3..7]));
        }
        let _ = api::auth::is_valid_code(&input);
        let _ = api::auth::is_valid_handoff_code(&input);
    }
}
