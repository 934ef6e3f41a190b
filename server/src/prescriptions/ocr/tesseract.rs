//! The `tesseract` command-line engine (chi_sim, eng), with a timeout.
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use api::prescriptions::merge::merge_readings;
use api::prescriptions::OcrLine;

use super::{preprocess, OcrEngine, Recognised};

/// Runs the `tesseract` binary per page and reads its TSV output (words with confidences).
///
/// The page is read with `chi_sim` alone first: mixing in `eng` makes Tesseract read Chinese
/// names as Latin garbage. A page that turns out to be mostly Latin text (an English
/// prescription) is read again with `eng`, which spaces English words properly.
#[derive(Debug, Clone)]
pub struct Tesseract {
    pub binary: PathBuf,
    pub timeout: Duration,
}

/// A word Tesseract gives less than this (of 100) is named in [`OcrLine::unsure_words`]
/// (tune seeds: correct words score about 90, a misread character in a name 38).
const UNSURE_WORD: f32 = 60.0;

/// Below this share of Chinese characters a page is read again as English.
const MIN_CJK_SHARE: f32 = 0.15;

impl Tesseract {
    pub fn new(timeout: Duration) -> Self {
        Tesseract { binary: PathBuf::from("tesseract"), timeout }
    }

    /// Reads the page as one block of text (psm 6); a reading that leaves a drug doubtful or
    /// undirected is retried as a column of variable lines (psm 4), then on a sharpened copy of
    /// the page, and each drug line is taken from the reading that names it best (tune seeds:
    /// psm 4 rescues tilted and table pages that psm 6 merges; a blurred phone photo loses
    /// different characters in each reading).
    async fn read(&self, page: &Path) -> anyhow::Result<Vec<OcrLine>> {
        let first = Judged::new(self.read_with(page, "6").await?);
        if first.sound {
            return Ok(first.lines);
        }
        let second = self.read_with(page, "4").await?;
        let best = Judged::best([
            Judged::new(merge_readings(&first.lines, &second)),
            Judged::new(merge_readings(&second, &first.lines)),
            first,
            Judged::new(second),
        ]);
        if best.sound {
            return Ok(best.lines);
        }
        let (plain, sharp) = (page.to_path_buf(), page.with_extension("sharp.png"));
        let target = sharp.clone();
        // Image work off the async threads, as the worker's own preprocessing.
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let img = image::open(&plain).context("reading the page back")?.to_luma8();
            preprocess::sharpened(&img).save(&target).context("writing the sharpened page")?;
            Ok(())
        })
        .await??;
        let third = self.read_with(&sharp, "6").await;
        let _ = std::fs::remove_file(&sharp);
        let third = third?;
        // Drug lines only: the sharpened copy's header reads are not trusted over the plain ones.
        let merged = Judged::new(merge_readings(&best.lines, &third));
        Ok(Judged::best([merged, best]).lines)
    }

    async fn read_with(&self, page: &Path, psm: &str) -> anyhow::Result<Vec<OcrLine>> {
        let chinese = self.run(page, "chi_sim", psm).await?;
        let (cjk, all) = chinese
            .iter()
            .flat_map(|l| l.text.chars())
            .filter(|c| !c.is_whitespace())
            .fold((0, 0), |(cjk, all), c| (cjk + usize::from(api::prescriptions::text::is_cjk(c)), all + 1));
        if all > 0 && (cjk as f32) < all as f32 * MIN_CJK_SHARE {
            return self.run(page, "eng", psm).await;
        }
        Ok(chinese)
    }

    async fn run(&self, page: &Path, languages: &str, psm: &str) -> anyhow::Result<Vec<OcrLine>> {
        let child = tokio::process::Command::new(&self.binary)
            .arg(page)
            .arg("stdout")
            .args(["-l", languages, "--psm", psm, "tsv"])
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            // A timed-out run is killed, not left behind.
            .kill_on_drop(true)
            .spawn()
            .context("starting tesseract (scripts/bootstrap.sh installs it)")?;
        let out = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| anyhow::anyhow!("tesseract timed out after {:?}", self.timeout))??;
        if !out.status.success() {
            bail!("tesseract failed: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or(""));
        }
        Ok(lines_from_tsv(&String::from_utf8_lossy(&out.stdout)))
    }
}

/// A reading with what the parser makes of it, parsed once.
struct Judged {
    lines: Vec<OcrLine>,
    /// How many drugs the dictionary and parser find in it, and how completely.
    score: f32,
    /// Every drug named with confidence and directed: no need to read the page again.
    sound: bool,
}

impl Judged {
    fn new(lines: Vec<OcrLine>) -> Self {
        let rx = api::prescriptions::parse(&lines);
        let (score, sound) =
            (api::prescriptions::parse::reading_score(&rx), api::prescriptions::parse::reading_is_sound(&rx));
        Judged { lines, score, sound }
    }

    /// The reading with the highest score (the first on a tie).
    fn best<const N: usize>(readings: [Judged; N]) -> Judged {
        readings
            .into_iter()
            .reduce(|best, r| if r.score > best.score { r } else { best })
            .expect("at least one reading")
    }
}

impl OcrEngine for Tesseract {
    fn recognise<'a>(&'a self, page: &'a Path) -> Recognised<'a> {
        Box::pin(self.read(page))
    }
}

/// Groups Tesseract's TSV words into lines; a line's confidence is its words' mean (0–1).
pub fn lines_from_tsv(tsv: &str) -> Vec<OcrLine> {
    let mut lines: Vec<((u32, u32, u32, u32), Vec<(String, f32)>)> = Vec::new();
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let text = cols[11].trim();
        let conf: f32 = cols[10].parse().unwrap_or(-1.0);
        if text.is_empty() || conf < 0.0 {
            continue;
        }
        let key = |i: usize| cols[i].parse::<u32>().unwrap_or(0);
        let id = (key(1), key(2), key(3), key(4));
        match lines.last_mut() {
            Some((last, words)) if *last == id => words.push((text.to_string(), conf)),
            _ => lines.push((id, vec![(text.to_string(), conf)])),
        }
    }
    lines
        .into_iter()
        .map(|(_, words)| {
            let confidence = words.iter().map(|w| w.1).sum::<f32>() / words.len() as f32 / 100.0;
            let unsure_words = words.iter().filter(|w| w.1 < UNSURE_WORD).map(|w| w.0.clone()).collect();
            let text = words.into_iter().map(|w| w.0).collect::<Vec<_>>().join(" ");
            OcrLine { text, confidence, unsure_words }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_group_into_lines_with_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t
5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\t姓名:
5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t70\t张三
5\t1\t1\t1\t2\t1\t0\t0\t10\t10\t50\tRp
";
        let lines = lines_from_tsv(tsv);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "姓名: 张三");
        assert!((lines[0].confidence - 0.8).abs() < 1e-6);
        assert_eq!(lines[1].text, "Rp");
        assert_eq!(lines[1].unsure_words, ["Rp"], "a word under 60 is named");
        assert!(lines[0].unsure_words.is_empty());
    }
}
