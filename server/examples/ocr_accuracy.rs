//! OCR field accuracy on generated prescriptions:
//! `cargo run -p server --release --example ocr_accuracy -- [test|tune] [N] [--raw] [--phone]`.
//!
//! Renders N varied prescriptions (fonts, sizes, layouts, salts and dosage forms, Chinese and
//! English; one in three degraded like a phone photo) from the *test* seed range (only ever
//! scored) or the *tune* range (the one to look at while changing the pipeline), runs the real
//! preprocessing + Tesseract + parser and the worker's check against the account, and prints
//! per-field accuracy, fields that were wrong but shown as certain, and the seconds per page.
//! `--phone` scores only the phone-photo pages among the N.
//! `OCR_VERBOSE=1` prints each page's lines.
#[allow(dead_code)] // the example uses the varied generator only
#[path = "../tests/api/helpers/rx_image.rs"]
mod rx_image;
#[path = "../tests/api/helpers/rx_varied.rs"]
mod rx_varied;

use std::time::{Duration, Instant};

use api::prescriptions::crosscheck::{cross_check, Known};
use api::prescriptions::directions::Frequency;
use api::prescriptions::{DrugLine, Field};
use server::prescriptions::ocr::tesseract::Tesseract;
use server::prescriptions::ocr::{preprocess, OcrEngine};

/// Right, wrong-but-certain, and right-but-doubtful (work for the member), out of all.
#[derive(Default)]
struct Tally {
    right: usize,
    certain_wrong: usize,
    doubtful_right: usize,
    all: usize,
}

impl Tally {
    fn add(&mut self, field: Option<&Field>, ok: bool) {
        self.all += 1;
        self.right += usize::from(ok);
        self.certain_wrong += usize::from(!ok && field.is_some_and(|f| !f.is_doubtful()));
        self.doubtful_right += usize::from(ok && field.is_some_and(Field::is_doubtful));
    }
}

/// "每次 2 片" and "2片" are the same dose; so are "500 mg" and "500mg", and "50µg" (micro
/// sign, as printed) and "50μg" (Greek mu, as the parser writes units).
fn same_amount(read: &str, printed: &str) -> bool {
    let norm = |s: &str| {
        s.replace([' ', ':', '：'], "")
            .replace("每次", "")
            .replace("tabs", "tab")
            .replace("caps", "cap")
            .replace('µ', "μ")
    };
    norm(read) == norm(printed)
}

/// The day the prescriptions are written and uploaded.
const DAY: &str = "2026-11-20";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let range = if args.iter().any(|a| a == "tune") { rx_varied::TUNE } else { rx_varied::TEST };
    let n: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(range.end - range.start);
    let raw = args.iter().any(|a| a == "--raw");
    let phone_only = args.iter().any(|a| a == "--phone");
    let engine = Tesseract::new(Duration::from_secs(120));
    let dir = tempfile::tempdir()?;
    let names = ["patient", "date", "doctor", "drug name", "  stem", "strength", "dose", "frequency"];
    let mut score: Vec<Tally> = names.iter().map(|_| Tally::default()).collect();
    let (mut phones, mut phones_whole, mut ocr_secs, mut unchecked_certain_wrong) = (0, 0, 0.0, 0);
    let mut pages = 0;
    for seed in range.start..range.start + n {
        let rx_sample = rx_varied::generate(seed, DAY);
        if phone_only && !rx_sample.phone {
            continue;
        }
        pages += 1;
        let img = image::load_from_memory(&rx_sample.jpeg)?;
        let page = dir.path().join(format!("{seed}.png"));
        let started = Instant::now();
        if raw {
            img.to_luma8().save(&page)?
        } else {
            preprocess::for_ocr(&img).save(&page)?
        };
        if let Some(keep) = std::env::var_os("OCR_KEEP") {
            std::fs::write(std::path::Path::new(&keep).join(format!("{seed}.jpg")), &rx_sample.jpeg)?;
            std::fs::copy(&page, std::path::Path::new(&keep).join(format!("{seed}.png")))?;
        }
        let ocr = engine.recognise(&page).await?;
        let mut rx = api::prescriptions::parse(&ocr);
        ocr_secs += started.elapsed().as_secs_f64();
        // As the worker does, for a member who uploads their own prescription on its day and
        // cares for one other person; the count before this check is printed too.
        for (read, want) in [(&rx.patient, &rx_sample.patient), (&rx.date, &rx_sample.date)] {
            unchecked_certain_wrong += usize::from(read.value != *want && !read.is_doubtful());
        }
        let people = [rx_sample.patient.clone(), "王秀英".to_string()];
        cross_check(&mut rx, Known { uploaded_on: DAY, people: &people });
        score[0].add(Some(&rx.patient), rx.patient.value == rx_sample.patient);
        score[1].add(Some(&rx.date), rx.date.value == rx_sample.date);
        score[2].add(Some(&rx.doctor), rx.doctor.value == rx_sample.doctor);
        if std::env::var_os("OCR_VERBOSE").is_some() {
            for (what, read, want) in [
                ("patient", &rx.patient, &rx_sample.patient),
                ("date", &rx.date, &rx_sample.date),
                ("doctor", &rx.doctor, &rx_sample.doctor),
            ] {
                if read.value != *want {
                    let certain = if read.is_doubtful() { "doubtful" } else { "CERTAIN" };
                    eprintln!("MISS seed {seed}: {what} want {want:?} read {:?} {certain}", read.value);
                }
            }
        }
        let mut whole = rx.drugs.len() == rx_sample.drugs.len();
        // Each printed drug is compared with the read line naming its stem (a missed line
        // must not shift every later one), else with the line at its position.
        let mut used = vec![false; rx.drugs.len()];
        for (k, want) in rx_sample.drugs.iter().enumerate() {
            let by_stem = rx.drugs.iter().enumerate().position(|(i, d)| !used[i] && d.name.value.contains(&want.stem));
            let names_other = |i: usize| rx_sample.drugs.iter().any(|d| rx.drugs[i].name.value.contains(&d.stem));
            let at = by_stem.or((k < used.len() && !used[k] && !names_other(k)).then_some(k));
            if let Some(i) = at {
                used[i] = true;
            }
            let got: Option<&DrugLine> = at.map(|i| &rx.drugs[i]);
            let name_ok = got.is_some_and(|d| d.name.value == want.name);
            if std::env::var_os("OCR_VERBOSE").is_some() {
                if let Some(d) = got.filter(|d| !name_ok && !d.name.is_doubtful()) {
                    eprintln!("seed {seed}: {:?} shown certain for {:?}", d.name.value, want.name);
                }
                let read = got.map(|d| (&*d.name.value, &*d.strength.value, &*d.dose.value, &*d.frequency.value));
                if !got.is_some_and(|d| {
                    name_ok
                        && same_amount(&d.strength.value, &want.strength)
                        && same_amount(&d.dose.value, &want.dose)
                        && Frequency::parse(&d.frequency.value) == Frequency::parse(&want.frequency)
                }) {
                    eprintln!(
                        "MISS seed {seed}: want {:?} read {read:?}",
                        (&want.name, &want.strength, &want.dose, &want.frequency)
                    );
                }
            }
            whole &= got.is_some_and(|d| d.name.value.contains(&want.stem));
            score[3].add(got.map(|d| &d.name), name_ok);
            score[4].add(got.map(|d| &d.name), got.is_some_and(|d| d.name.value.contains(&want.stem)));
            score[5].add(got.map(|d| &d.strength), got.is_some_and(|d| same_amount(&d.strength.value, &want.strength)));
            score[6].add(got.map(|d| &d.dose), got.is_some_and(|d| same_amount(&d.dose.value, &want.dose)));
            score[7].add(
                got.map(|d| &d.frequency),
                got.is_some_and(|d| Frequency::parse(&d.frequency.value) == Frequency::parse(&want.frequency)),
            );
        }
        if rx_sample.phone {
            phones += 1;
            phones_whole += usize::from(whole);
        }
        if std::env::var_os("OCR_VERBOSE").is_some() {
            eprintln!(
                "--- seed {}{}\n{}\n{}\nread:\n{}",
                rx_sample.seed,
                if rx_sample.phone { " (phone)" } else { "" },
                rx_sample.lines.join("\n"),
                ocr.iter().map(|l| format!("  {:.2} {}", l.confidence, l.text)).collect::<Vec<_>>().join("\n"),
                rx.drugs
                    .iter()
                    .map(|d| format!(
                        "  {} [{:.2}] | {} | {} | {}",
                        d.name.value, d.name.confidence, d.strength.value, d.dose.value, d.frequency.value
                    ))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
    let which = if range == rx_varied::TEST { "test" } else { "tune" };
    println!("OCR accuracy on {pages} generated prescriptions, {which} seeds{}:", if raw { ", raw" } else { "" });
    println!("  {:<10} {:>9} {:>7}  wrong but certain  right but doubtful", "field", "right", "");
    let (mut right, mut all, mut certain_wrong, mut doubtful_right) = (0, 0, 0, 0);
    for (name, t) in names.iter().zip(&score) {
        println!(
            "  {name:<10} {:>4}/{:<4} {:>6.1}%  {:<17}  {}",
            t.right,
            t.all,
            100.0 * t.right as f64 / t.all.max(1) as f64,
            t.certain_wrong,
            t.doubtful_right
        );
        if !name.starts_with(' ') {
            right += t.right;
            all += t.all;
            certain_wrong += t.certain_wrong;
            doubtful_right += t.doubtful_right;
        }
    }
    println!(
        "  {:<10} {right:>4}/{all:<4} {:>6.1}%  {certain_wrong:<17}  {doubtful_right}",
        "all fields",
        100.0 * right as f64 / all as f64
    );
    println!("  patient or date wrong but certain before the account check: {unchecked_certain_wrong}");
    println!("  phone photos with every drug found: {phones_whole}/{phones}");
    println!("  {:.2} s per page (preprocess + OCR + parse)", ocr_secs / pages.max(1) as f64);
    Ok(())
}
