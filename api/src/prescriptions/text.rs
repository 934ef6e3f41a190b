//! Small text helpers for reading OCR output: normalisation and number scanning.

/// CJK ideographs (the Chinese characters on a prescription).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Full-width forms to ASCII, Chinese punctuation to its ASCII twin, spaces next to Chinese
/// characters dropped (Tesseract's chi_sim puts one between many characters), runs of
/// spaces collapsed, and common unit misreads ("rng", "mq") mended after a digit.
pub fn normalise(line: &str) -> String {
    let mapped: Vec<char> = line
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' | '\t' => ' ',
            '。' => '.',
            '、' => '.',
            '“' | '”' => '"',
            '—' => '-',
            // The micro sign and the Greek letter look alike; units use the letter (μg).
            'µ' => 'μ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(line.len());
    // The nearest non-space neighbours: chi_sim spaces out every character ("每 次 ] 片").
    let neighbour = |i: usize, back: bool| {
        let mut k = i;
        loop {
            k = if back { k.checked_sub(1)? } else { k + 1 };
            match mapped.get(k) {
                Some(' ') => continue,
                other => return other.copied(),
            }
        }
    };
    for (i, &c) in mapped.iter().enumerate() {
        // A thin "1" between Chinese characters is often read as ] | l 丨 (每次]片), and
        // before an English dose unit as | or l ("| tab").
        let (prev, next) = (neighbour(i, true), neighbour(i, false));
        let between_cjk = prev.is_some_and(is_cjk) && next.is_some_and(is_cjk);
        let lone = prev.is_none_or(|p| !p.is_alphanumeric()) || mapped.get(i.wrapping_sub(1)) == Some(&' ');
        let before_unit = lone
            && ["tab", "cap"].iter().any(|u| {
                let rest: String = mapped[i + 1..].iter().skip_while(|c| **c == ' ').take(3).collect();
                mapped.get(i + 1) == Some(&' ') && rest.eq_ignore_ascii_case(u)
            });
        // "1mg" read as "lmg" / "| mg": a lone thin stroke right before a strength unit.
        let before_mg = (lone || prev.is_some_and(is_cjk)) && {
            let rest: String = mapped[i + 1..].iter().skip_while(|c| **c == ' ').take(3).collect();
            rest.starts_with("mg") && !rest[2..].starts_with(|c: char| c.is_ascii_alphabetic() && c != 'x' && c != 'X')
        };
        // "5mg" read as "smg" / "Smg" after a space or a drug name.
        let five = matches!(c, 's' | 'S')
            && !prev.is_some_and(|p| p.is_ascii_alphanumeric() && mapped.get(i.wrapping_sub(1)) != Some(&' '))
            && mapped.get(i + 1..i + 3).is_some_and(|n| n == ['m', 'g']);
        let c = if five {
            '5'
        } else if (between_cjk && matches!(c, ']' | '|' | 'l' | 'I' | '丨' | '[' | '!'))
            || ((before_unit || before_mg) && matches!(c, '|' | 'l' | 'I' | ']'))
        {
            '1'
        } else {
            c
        };
        // "q&8h": a speck between q and the hours.
        if c == '&' && i > 0 && mapped[i - 1] == 'q' && mapped.get(i + 1).is_some_and(char::is_ascii_digit) {
            continue;
        }
        if c == ' ' {
            let prev = out.chars().last();
            let next = mapped.get(i + 1).copied();
            let touches_cjk = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
            if prev.is_none() || prev == Some(' ') || next.is_none() || next == Some(' ') || touches_cjk {
                continue;
            }
        }
        out.push(c);
    }
    for (wrong, right) in [
        // Noto's "g" read as "8g" inside a unit ("10m8g"); a quantity's × doubled ("mgXx14").
        ("m8g", "mg"),
        ("mEg", "mg"),
        ("gXx", "gx"),
        ("gxX", "gx"),
        ("gXX", "gx"),
        ("gxx", "gx"),
        ("rng", "mg"),
        ("mq", "mg"),
        ("msg", "mg"),
        ("mE", "mg"),
        ("rnl", "ml"),
        ("mI", "ml"),
        ("hg", "μg"),
        ("pg", "μg"),
    ] {
        let mut fixed = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(wrong) {
            let prev = rest[..at].chars().last();
            let after_digit = if wrong.starts_with('g') {
                prev.is_some_and(|c| c.is_ascii_digit() || c == 'm' || c == 'μ')
            } else {
                prev.is_some_and(|c| c.is_ascii_digit() || c == ' ')
            };
            // "50hgx 7片": a quantity's x may follow the unit.
            let word_ends = !rest[at + wrong.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() && c != 'x' && c != 'X');
            fixed.push_str(&rest[..at]);
            fixed.push_str(if after_digit && word_ends { right } else { wrong });
            rest = &rest[at + wrong.len()..];
        }
        fixed.push_str(rest);
        out = fixed;
    }
    out
}

/// The value of a Chinese numeral character (一 … 十, 两), or an ASCII digit.
pub fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '0'..='9' => c as u32 - '0' as u32,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// A number (ASCII with an optional decimal part, or one Chinese numeral) at the start of
/// `s`: its value and its length in bytes.
pub fn leading_number(s: &str) -> Option<(f64, usize)> {
    let ascii: usize = s.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    let ascii = s[..ascii].trim_end_matches('.').len();
    if ascii > 0 {
        return s[..ascii].parse().ok().map(|v| (v, ascii));
    }
    let c = s.chars().next()?;
    if c.is_ascii_digit() {
        return None;
    }
    digit_value(c).map(|v| (v as f64, c.len_utf8()))
}

/// Byte offsets of every place `needle` occurs in `hay`, ASCII case-insensitively.
pub fn find_all_ci(hay: &str, needle: &str) -> Vec<usize> {
    let lower = hay.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    lower.match_indices(&needle).map(|(i, _)| i).collect()
}

/// True when `hay[at..at+len]` is not glued to ASCII letters on either side (a whole word).
pub fn is_word_at(hay: &str, at: usize, len: usize) -> bool {
    let before = hay[..at].chars().last().is_some_and(|c| c.is_ascii_alphabetic());
    let after = hay[at + len..].chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    !before && !after
}

/// Formats an amount without a trailing ".0".
pub fn amount(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_mends_ocr_spacing_and_full_width_forms() {
        assert_eq!(normalise("阿 托 伐 他 汀 钙 片  ２０ｍｇ"), "阿托伐他汀钙片20mg");
        assert_eq!(normalise("姓名： 张 三   性别：男"), "姓名:张三性别:男");
        assert_eq!(normalise("Metformin  500 rng  tablets"), "Metformin 500 mg tablets");
        assert_eq!(normalise("Drug: Imipramine"), "Drug: Imipramine");
        assert_eq!(normalise("用法: 每次]片"), "用法:每次1片");
        // As Tesseract's chi_sim prints them: every character spaced out.
        assert_eq!(normalise("用 法 : 每 次 ] 片 每 晚 ] 次 口服"), "用法:每次1片每晚1次口服");
        assert_eq!(normalise("Sig: | tab orally bid"), "Sig: 1 tab orally bid");
        assert_eq!(normalise("左 甲 状 腺 素 钠 片 50hgx 7 片"), "左甲状腺素钠片50μgx 7片");
        assert_eq!(normalise("用 法 用 量 :100msg 每 日"), "用法用量:100mg每日");
        assert_eq!(normalise("Hello lab"), "Hello lab");
        assert_eq!(normalise("2. 硝酸 异 山 裂 酯 片 smgx 28 片"), "2.硝酸异山裂酯片5mgx 28片");
        assert_eq!(normalise("Tabs mg"), "Tabs mg");
        // Seen on phone photos: g read as 8g, a doubled ×, a thin 1 before mg, a speck in q8h.
        assert_eq!(normalise("用 法 : 10m8g 每 8 小 时"), "用法: 10mg每8小时");
        assert_eq!(normalise("头孢 克 洛 胶囊 0.25gXx 14 粒"), "头孢克洛胶囊0.25gx 14粒");
        assert_eq!(normalise("1. 司 来 吉 兰 片 5mgXx7 片"), "1.司来吉兰片5mgx7片");
        assert_eq!(normalise("艾 司 唑 仑 片 lmg 21 片"), "艾司唑仑片1mg 21片");
        assert_eq!(normalise("2. Risperidone | mg tablets #60"), "2. Risperidone 1 mg tablets #60");
        assert_eq!(normalise("Sig: | tab orally q&8h"), "Sig: 1 tab orally q8h");
        assert_eq!(normalise("每 日 ! 次"), "每日1次");
        // Words are left alone: "Img" inside a word, "mgx" without a doubled x.
        assert_eq!(normalise("Imgur lmgs"), "Imgur lmgs");
        assert_eq!(normalise("Moxifloxacin"), "Moxifloxacin");
    }

    #[test]
    fn numbers_read_in_digits_and_chinese() {
        assert_eq!(leading_number("0.5g"), Some((0.5, 3)));
        assert_eq!(leading_number("三次"), Some((3.0, 3)));
        assert_eq!(leading_number("两片"), Some((2.0, 3)));
        assert_eq!(leading_number("12."), Some((12.0, 2)));
        assert_eq!(leading_number("次"), None);
    }
}
