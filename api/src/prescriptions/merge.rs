//! Two readings of one page combined line by line.
//!
//! Tesseract misreads different characters of a blurred photo under a different page
//! segmentation or a sharpened copy of the image: one reading has the first drug right and the
//! second garbled, the other the reverse (tune seeds, phone photos). Picking one whole reading
//! loses a drug either way; taking each drug line from the reading that names it best keeps
//! both.
use super::parse::drug_line_names;
use super::OcrLine;

/// A name must be read this much more surely to replace the first reading's line.
const BETTER_BY: f32 = 0.05;
/// Two lines are one printed line read twice when they share this share of their characters.
const SAME_LINE: f32 = 0.4;

/// `first` with each drug line replaced by `second`'s reading of the same printed line when
/// `second` names the drug with more confidence. Lines pair up by position when both readings
/// have as many lines, else drug line by drug line when both found as many drugs; a pair must
/// share enough characters to be one printed line. Otherwise `first` is returned.
pub fn merge_readings(first: &[OcrLine], second: &[OcrLine]) -> Vec<OcrLine> {
    let (a, b) = (drug_line_names(first), drug_line_names(second));
    let pairs: Vec<(usize, usize)> = if first.len() == second.len() {
        (0..first.len()).map(|i| (i, i)).collect()
    } else {
        let drugs = |names: &[Option<f32>]| (0..names.len()).filter(|&i| names[i].is_some()).collect::<Vec<_>>();
        let (da, db) = (drugs(&a), drugs(&b));
        if da.len() != db.len() {
            return first.to_vec();
        }
        da.into_iter().zip(db).collect()
    };
    let mut merged = first.to_vec();
    for (i, j) in pairs {
        let Some(theirs) = b[j] else { continue };
        if theirs > a[i].unwrap_or(0.0) + BETTER_BY && same_line(&first[i].text, &second[j].text) {
            merged[i] = second[j].clone();
        }
    }
    merged
}

/// Characters the two texts share (as multisets, spaces aside), over the longer one's count.
fn same_line(a: &str, b: &str) -> bool {
    let mut rest: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
    let len_a = a.chars().filter(|c| !c.is_whitespace()).count();
    let longer = len_a.max(rest.len());
    let mut shared = 0;
    for c in a.chars().filter(|c| !c.is_whitespace()) {
        if let Some(k) = rest.iter().position(|&r| r == c) {
            rest.swap_remove(k);
            shared += 1;
        }
    }
    longer > 0 && shared as f32 >= SAME_LINE * longer as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::parse;

    fn lines(texts: &[&str]) -> Vec<OcrLine> {
        texts.iter().map(|t| OcrLine::new(*t, 0.9)).collect()
    }

    /// Real readings of one blurred phone photo (tune seed 14): psm 6 and a sharpened copy.
    #[test]
    fn each_drug_comes_from_the_reading_that_names_it() {
        let plain = lines(&[
            "姓名:赵建国 性别:男 年龄:71岁",
            "托特史定城种设禹 4mg xj合",
            "有思法用量:每次2校 每日3次 口限",
            "依折麦布片 10mg X1会",
            "用法:10mg 每12小时1次 口服",
            "非话负特胶可 200mg 关3盒",
        ]);
        let sharpened = lines(&[
            "姓名:赵建国 性别:男 年龄:71岁",
            "托特罗定起冬设各408 xj盒",
            "甩法用量:每次2梳 每日3次 口限",
            "依折才布片 10mg X1会",
            "用法:10mg 每12小时1次 口服",
            "非诺负特胶可 200mg 关3盒",
        ]);
        let rx = parse(&merge_readings(&plain, &sharpened));
        let names: Vec<&str> = rx.drugs.iter().map(|d| d.name.value.as_str()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(names[0].contains("托特罗定"), "{names:?}");
        assert!(names[1].contains("依折麦布"), "the first reading's better line stays: {names:?}");
        assert!(names[2].contains("非诺贝特"), "{names:?}");
        assert!(rx.drugs[1].frequency.value.starts_with("每12小时"), "its directions stay with it");
    }

    #[test]
    fn readings_that_found_different_drug_counts_are_not_paired() {
        let first = lines(&["用侯虹叭全 2.5mg X2合", "依折麦布片 10mg"]);
        let second = lines(&["甲氨蝶呤片 2.5mg"]);
        assert_eq!(merge_readings(&first, &second), first);
    }

    #[test]
    fn a_different_printed_line_is_never_taken() {
        let first = lines(&["用法:每次2片 每日3次", "用侯虹叭全 2.5mg X2合"]);
        let second = lines(&["阿司匹林肠溶片 100mg", "甲氨蝶呤片 2.5mg X2盒"]);
        let merged = merge_readings(&first, &second);
        assert_eq!(merged[0], first[0], "a directions line is not swapped for an unrelated drug");
        assert_eq!(merged[1], second[1]);
    }

    #[test]
    fn a_line_named_as_surely_in_both_stays_as_first_read() {
        let first = lines(&["阿司匹林肠溶片 100mg"]);
        let second = lines(&["阿司匹林肠溶片 100rng"]);
        assert_eq!(merge_readings(&first, &second), first);
    }
}
