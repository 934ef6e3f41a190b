//! Page images cleaned up for OCR: grayscale, small text enlarged, contrast stretched.
use image::{DynamicImage, GrayImage};

/// Text on a page narrower than this is enlarged: Tesseract reads ~30 px glyphs best.
const MIN_OCR_WIDTH: u32 = 2000;
/// Pages wider than this gain nothing but time.
const MAX_OCR_WIDTH: u32 = 3000;

/// Grayscale, resized into the range OCR reads best, contrast stretched between the 1st and
/// 99th percentile (a grey photo of white paper becomes black on white).
pub fn for_ocr(img: &DynamicImage) -> GrayImage {
    let mut gray = img.to_luma8();
    let w = gray.width();
    if w < MIN_OCR_WIDTH || w > MAX_OCR_WIDTH {
        let target = w.clamp(MIN_OCR_WIDTH, MAX_OCR_WIDTH);
        let h = (gray.height() as u64 * target as u64 / w as u64).max(1) as u32;
        gray = image::imageops::resize(&gray, target, h, image::imageops::FilterType::CatmullRom);
    }
    stretch_contrast(&mut gray);
    gray
}

fn stretch_contrast(img: &mut GrayImage) {
    let mut hist = [0u64; 256];
    for p in img.pixels() {
        hist[p.0[0] as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let percentile = |q: f64| {
        let mut seen = 0;
        for (v, n) in hist.iter().enumerate() {
            seen += n;
            if seen as f64 >= total as f64 * q {
                return v as i32;
            }
        }
        255
    };
    let (lo, hi) = (percentile(0.01), percentile(0.99));
    if hi - lo < 32 {
        return;
    }
    for p in img.pixels_mut() {
        p.0[0] = ((p.0[0] as i32 - lo) * 255 / (hi - lo)).clamp(0, 255) as u8;
    }
}
