//! Code 128 (set B) for the member card: printable ASCII → bar/space widths that the portal
//! draws as SVG, so the card renders offline and scans at the till.

/// Widths (bar, space, bar, space, bar, space) of symbols 0–105; the stop symbol is separate.
const PATTERNS: [&str; 106] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213", "221312",
    "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132", "221231", "213212",
    "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321", "232121",
    "111323", "131123", "131321", "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331",
    "132131", "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131", "311123",
    "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224", "111422", "121124",
    "121421", "141122", "141221", "112214", "112412", "122114", "122411", "142112", "142211", "241211", "221114",
    "413111", "241112", "134111", "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
    "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
    "113141", "114131", "311141", "411131", "211412", "211214", "211232",
];
const STOP: &str = "2331112";
const START_B: usize = 104;

/// Module widths, alternating bar and space and starting with a bar, for `text` in Code 128B
/// (start, data, checksum, stop). `None` if a character is outside printable ASCII.
pub fn code128b(text: &str) -> Option<Vec<u8>> {
    let mut symbols = vec![START_B];
    for b in text.bytes() {
        if !(32..=126).contains(&b) {
            return None;
        }
        symbols.push(usize::from(b - 32));
    }
    let checksum = symbols.iter().enumerate().map(|(i, s)| if i == 0 { *s } else { s * i }).sum::<usize>() % 103;
    symbols.push(checksum);
    let mut widths: Vec<u8> =
        symbols.iter().flat_map(|s| PATTERNS[*s].bytes()).chain(STOP.bytes()).map(|d| d - b'0').collect();
    widths.shrink_to_fit();
    Some(widths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_is_eleven_modules_and_the_stop_thirteen() {
        for (i, p) in PATTERNS.iter().enumerate() {
            assert_eq!(p.bytes().map(|d| u32::from(d - b'0')).sum::<u32>(), 11, "symbol {i}");
        }
        assert_eq!(STOP.bytes().map(|d| u32::from(d - b'0')).sum::<u32>(), 13);
    }

    #[test]
    fn encodes_with_start_checksum_and_stop() {
        // Checksum: (104 + 48·1 + 42·2 + 42·3 + 17·4 + 18·5 + 19·6 + 35·7) mod 103 = 879 mod 103 = 55.
        let w = code128b("PJJ123C").unwrap();
        assert_eq!(w.len(), 6 * (1 + 7 + 1) + 7);
        assert_eq!(&w[..6], &[2, 1, 1, 2, 1, 4]); // start B
        let checksum = &w[6 * 8..6 * 9];
        assert_eq!(checksum, &[3, 1, 1, 3, 2, 1]); // symbol 55 = "311321"
        assert_eq!(&w[w.len() - 7..], &[2, 3, 3, 1, 1, 1, 2]);
    }

    #[test]
    fn refuses_characters_outside_set_b() {
        assert!(code128b("会员").is_none());
        assert!(code128b("a\nb").is_none());
    }
}
