//! OCR field accuracy on generated prescriptions: `cargo run -p server --example ocr_accuracy [N] [--clean] [--raw]`.
//!
//! Renders N prescriptions (Chinese and English, alternating) with known text, distorts them
//! like phone photos, runs the real preprocessing + Tesseract + parser, and prints how many
//! of each field came back right, and the seconds per page.
#[path = "../tests/helpers/rx_image.rs"]
mod rx_image;

use std::time::{Duration, Instant};

use api::prescriptions::directions::Frequency;
use server::ocr::tesseract::Tesseract;
use server::ocr::{preprocess, OcrEngine};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(12);
    let distortion =
        if args.iter().any(|a| a == "--clean") { rx_image::Distortion::CLEAN } else { rx_image::Distortion::PHONE };
    let raw = args.iter().any(|a| a == "--raw");
    let engine = Tesseract::new(Duration::from_secs(120));
    let dir = tempfile::tempdir()?;
    let mut score: Vec<(&str, usize, usize)> =
        ["patient", "date", "doctor", "drug name", "strength", "frequency"].iter().map(|f| (*f, 0, 0)).collect();
    let mut add = |field: &str, ok: bool| {
        let s = score.iter_mut().find(|s| s.0 == field).unwrap();
        s.1 += usize::from(ok);
        s.2 += 1;
    };
    let started = Instant::now();
    for i in 0..n {
        let sample = rx_image::sample(i, "2026-11-20");
        let lines: Vec<&str> = sample.lines.iter().map(String::as_str).collect();
        let jpeg = rx_image::photo(&rx_image::render(&lines), distortion);
        let img = image::load_from_memory(&jpeg)?;
        let page = dir.path().join(format!("{i}.png"));
        if raw {
            img.to_luma8().save(&page)?
        } else {
            preprocess::for_ocr(&img).save(&page)?
        };
        if let Some(keep) = std::env::var_os("OCR_KEEP") {
            std::fs::copy(&page, std::path::Path::new(&keep).join(format!("{i}.png")))?;
        }
        let ocr = engine.recognise(&page).await?;
        let rx = api::prescriptions::parse(&ocr);
        add("patient", rx.patient.value == sample.patient);
        add("date", rx.date.value == sample.date);
        add("doctor", rx.doctor.value == sample.doctor);
        for (k, (stem, strength, freq)) in sample.drugs.iter().enumerate() {
            let got = rx.drugs.get(k);
            add("drug name", got.is_some_and(|d| d.name.value.contains(stem.as_str())));
            add("strength", got.is_some_and(|d| d.strength.value.replace(' ', "") == strength.replace(' ', "")));
            add("frequency", got.is_some_and(|d| Frequency::parse(&d.frequency.value) == Frequency::parse(freq)));
        }
        if std::env::var_os("OCR_VERBOSE").is_some() {
            eprintln!(
                "--- sample {i}\n{}\n{rx:#?}",
                ocr.iter().map(|l| format!("{:.2} {}", l.confidence, l.text)).collect::<Vec<_>>().join("\n")
            );
        }
    }
    let secs = started.elapsed().as_secs_f64() / n as f64;
    println!(
        "OCR accuracy on {n} generated prescriptions ({}{}):",
        if raw { "raw, " } else { "" },
        if distortion.noise > 0 { "phone-photo distortion" } else { "clean" }
    );
    let (mut right, mut all) = (0, 0);
    for (field, ok, total) in &score {
        println!("  {field:<10} {ok:>3}/{total:<3} {:>5.1}%", 100.0 * *ok as f64 / *total as f64);
        right += ok;
        all += total;
    }
    println!("  {:<10} {right:>3}/{all:<3} {:>5.1}%", "all fields", 100.0 * right as f64 / all as f64);
    println!("  {secs:.2} s per page (render + OCR + parse)");
    Ok(())
}
