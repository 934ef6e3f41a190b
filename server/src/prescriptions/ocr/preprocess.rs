//! Page images cleaned up for OCR, so a phone photo reads like a scan: specks removed,
//! shadows and grey paper evened out, the page turned level, cropped to the text, and the text
//! scaled to the size Tesseract reads best.
//!
//! Each step is there because a degraded photo failed without it (the `ocr_accuracy`
//! example, tune seeds): salt-and-pepper noise becomes "characters", a shadow across one
//! side defeats one global threshold, and a page tilted by more than ~2° makes Tesseract's
//! lines run into each other.
use image::{DynamicImage, GrayImage, Luma};

/// Text is enlarged (or shrunk) until a line of it is about this tall: Tesseract reads CJK
/// glyphs best at 30–40 px, and a phone photo of a page often has them at 15.
const TARGET_LINE_PX: f32 = 40.0;
/// Largest enlargement, and the most pixels a page is allowed to grow to (time).
const MAX_SCALE: f32 = 4.0;
const MAX_PIXELS: f32 = 12_000_000.0;
/// Side of the square cells the paper's brightness is estimated in.
const BACKGROUND_CELL: u32 = 40;
/// Largest tilt searched for, and the step, in degrees.
const MAX_SKEW_DEG: f32 = 7.0;
const SKEW_STEP_DEG: f32 = 0.2;
/// White border kept around the text when cropping.
const CROP_MARGIN: u32 = 16;

/// The whole clean-up: the page Tesseract reads.
pub fn for_ocr(img: &DynamicImage) -> GrayImage {
    let mut gray = median3(&img.to_luma8());
    // Before anything else: a speck left in would count as ink in every step below.
    flatten_background(&mut gray);
    let angle = skew_degrees(&gray);
    if angle.abs() >= SKEW_STEP_DEG {
        gray = rotate(&gray, -angle);
    }
    let threshold = otsu(&gray);
    let gray = crop_to_text(&gray, threshold);
    // Left grey: Tesseract's own thresholding of an evened-out page reads better than ours
    // (tune seeds: 79 % of fields against 66 % when binarised here first).
    resize_for_ocr(gray, threshold)
}

/// Radius (Gaussian sigma, px) of the unsharp mask for a second look at a blurred photo
/// (tune seeds, phone photos with every drug found: 111 of 147 without this reading, 117 with
/// σ 3; 1.5 and 4 found fewer).
const SHARPEN_SIGMA: f32 = 3.0;

/// The cleaned page with its strokes' edges sharpened (unsharp mask): a blurred phone photo
/// read this way loses other characters than the plain one, so the two readings complete each
/// other (see `tesseract::Tesseract::read`).
pub fn sharpened(gray: &GrayImage) -> GrayImage {
    image::imageops::unsharpen(gray, SHARPEN_SIGMA, 0)
}

/// Scales the page so its text lines are [`TARGET_LINE_PX`] tall.
fn resize_for_ocr(gray: GrayImage, threshold: u8) -> GrayImage {
    let Some(line) = line_height(&gray, threshold) else { return gray };
    let (w, h) = (gray.width() as f32, gray.height() as f32);
    let scale = (TARGET_LINE_PX / line).min(MAX_SCALE).min((MAX_PIXELS / (w * h)).sqrt());
    if (0.8..1.25).contains(&scale) {
        return gray;
    }
    let (tw, th) = ((w * scale).round().max(1.0) as u32, (h * scale).round().max(1.0) as u32);
    image::imageops::resize(&gray, tw, th, image::imageops::FilterType::CatmullRom)
}

/// The median height of the runs of rows holding ink: one line of text.
pub fn line_height(img: &GrayImage, threshold: u8) -> Option<f32> {
    let rows: Vec<u32> = img.rows().map(|r| r.filter(|p| p.0[0] <= threshold).count() as u32).collect();
    let busiest = *rows.iter().max()?;
    let mut runs = Vec::new();
    let mut run = 0u32;
    for &n in rows.iter().chain([0].iter()) {
        // A row belongs to a line when it holds a little of the busiest row's ink.
        if n * 20 > busiest {
            run += 1;
        } else if run > 0 {
            runs.push(run);
            run = 0;
        }
    }
    // Specks and underlines are no lines.
    runs.retain(|&r| r >= 6);
    if runs.is_empty() {
        return None;
    }
    runs.sort_unstable();
    Some(runs[runs.len() / 2] as f32)
}

/// 3×3 median: removes isolated specks (salt-and-pepper) and keeps strokes' edges.
pub fn median3(img: &GrayImage) -> GrayImage {
    let (w, h) = img.dimensions();
    if w < 3 || h < 3 {
        return img.clone();
    }
    let src = img.as_raw();
    let mut out = src.clone();
    let w = w as usize;
    for y in 1..h as usize - 1 {
        for x in 1..w - 1 {
            let mut v = [0u8; 9];
            for (k, dy) in [y - 1, y, y + 1].into_iter().enumerate() {
                v[k * 3..k * 3 + 3].copy_from_slice(&src[dy * w + x - 1..dy * w + x + 2]);
            }
            v.sort_unstable();
            out[y * w + x] = v[4];
        }
    }
    GrayImage::from_raw(w as u32, h, out).expect("same size")
}

/// Divides each pixel by the paper's local brightness (a bright percentile per cell,
/// interpolated between cells), so a shadow or grey paper becomes white and ink stays dark.
pub fn flatten_background(img: &mut GrayImage) {
    let (w, h) = img.dimensions();
    let (cols, rows) = (w.div_ceil(BACKGROUND_CELL), h.div_ceil(BACKGROUND_CELL));
    let mut cells = vec![255f32; (cols * rows) as usize];
    for r in 0..rows {
        for c in 0..cols {
            let mut hist = [0u32; 256];
            let mut n = 0;
            for y in r * BACKGROUND_CELL..((r + 1) * BACKGROUND_CELL).min(h) {
                for x in c * BACKGROUND_CELL..((c + 1) * BACKGROUND_CELL).min(w) {
                    hist[img.get_pixel(x, y).0[0] as usize] += 1;
                    n += 1;
                }
            }
            // The 90th percentile: paper, even where a cell is mostly ink.
            let mut seen = 0;
            let mut level = 255;
            for (v, count) in hist.iter().enumerate() {
                seen += count;
                if seen * 10 >= n * 9 {
                    level = v;
                    break;
                }
            }
            cells[(r * cols + c) as usize] = level as f32;
        }
    }
    // A cell that is all ink reads dark; take the brightest of it and its neighbours.
    let local_max: Vec<f32> = (0..rows as i64)
        .flat_map(|r| (0..cols as i64).map(move |c| (r, c)))
        .map(|(r, c)| {
            let mut m = 0f32;
            for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1), (0, 0)] {
                let (rr, cc) = (r + dr, c + dc);
                if rr >= 0 && cc >= 0 && rr < rows as i64 && cc < cols as i64 {
                    m = m.max(cells[(rr * cols as i64 + cc) as usize]);
                }
            }
            m
        })
        .collect();
    let at = |r: u32, c: u32| local_max[(r.min(rows - 1) * cols + c.min(cols - 1)) as usize];
    let half = BACKGROUND_CELL as f32 / 2.0;
    for (x, y, p) in img.enumerate_pixels_mut() {
        let fx = ((x as f32 - half) / BACKGROUND_CELL as f32).max(0.0);
        let fy = ((y as f32 - half) / BACKGROUND_CELL as f32).max(0.0);
        let (c0, r0) = (fx as u32, fy as u32);
        let (tx, ty) = (fx - c0 as f32, fy - r0 as f32);
        let top = at(r0, c0) * (1.0 - tx) + at(r0, c0 + 1) * tx;
        let bottom = at(r0 + 1, c0) * (1.0 - tx) + at(r0 + 1, c0 + 1) * tx;
        let paper = (top * (1.0 - ty) + bottom * ty).max(16.0);
        p.0[0] = (p.0[0] as f32 * 255.0 / paper).min(255.0) as u8;
    }
}

/// The page's tilt in degrees (positive: text runs downhill to the right), found as the
/// angle whose row profile of dark pixels is sharpest (lines of text separate cleanly).
pub fn skew_degrees(img: &GrayImage) -> f32 {
    // A quarter-size sample is plenty for the angle and keeps this fast.
    let step = 4;
    let dark: Vec<(f32, f32)> = (0..img.height())
        .step_by(step)
        .flat_map(|y| (0..img.width()).step_by(step).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0[0] < 128)
        .map(|(x, y)| (x as f32, y as f32))
        .collect();
    if dark.len() < 50 {
        return 0.0;
    }
    let rows = (img.height() as usize / step) + 2;
    let sharpness = |deg: f32| {
        let slope = deg.to_radians().tan();
        let mut hist = vec![0f32; rows * 2 + 2];
        for &(x, y) in &dark {
            let row = ((y - x * slope) / step as f32 + rows as f32 / 2.0).round();
            if row >= 0.0 && (row as usize) < hist.len() {
                hist[row as usize] += 1.0;
            }
        }
        hist.iter().map(|v| v * v).sum::<f32>()
    };
    let steps = (MAX_SKEW_DEG / SKEW_STEP_DEG) as i32;
    let (mut best, mut best_score) = (0.0, sharpness(0.0));
    for k in -steps..=steps {
        let deg = k as f32 * SKEW_STEP_DEG;
        let s = sharpness(deg);
        if s > best_score * 1.0001 {
            (best, best_score) = (deg, s);
        }
    }
    best
}

/// Rotates about the centre by `deg` (bilinear), white where the page was not.
pub fn rotate(img: &GrayImage, deg: f32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (sin, cos) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        let (sx, sy) = (cos * dx + sin * dy + cx, -sin * dx + cos * dy + cy);
        if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f32 || sy >= (h - 1) as f32 {
            return Luma([255]);
        }
        let (x0, y0) = (sx as u32, sy as u32);
        let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
        let at = |x: u32, y: u32| img.get_pixel(x, y).0[0] as f32;
        let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
        let bottom = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
        Luma([(top * (1.0 - fy) + bottom * fy).round() as u8])
    })
}

/// Otsu's threshold: the grey level that best separates ink from paper.
pub fn otsu(img: &GrayImage) -> u8 {
    let mut hist = [0f64; 256];
    for p in img.pixels() {
        hist[p.0[0] as usize] += 1.0;
    }
    let total: f64 = hist.iter().sum();
    let sum_all: f64 = hist.iter().enumerate().map(|(v, n)| v as f64 * n).sum();
    let (mut weight_dark, mut sum_dark, mut best, mut best_var) = (0.0, 0.0, 128u8, -1.0);
    for (t, n) in hist.iter().enumerate() {
        weight_dark += n;
        sum_dark += t as f64 * n;
        let weight_light = total - weight_dark;
        if weight_dark == 0.0 || weight_light == 0.0 {
            continue;
        }
        let (mean_dark, mean_light) = (sum_dark / weight_dark, (sum_all - sum_dark) / weight_light);
        let var = weight_dark * weight_light * (mean_dark - mean_light).powi(2);
        if var > best_var {
            (best, best_var) = (t as u8, var);
        }
    }
    best
}

/// The text's bounding box with a margin: rows and columns holding a few black pixels (a
/// speck that survived is not text).
fn crop_to_text(img: &GrayImage, threshold: u8) -> GrayImage {
    let (w, h) = img.dimensions();
    let mut row_ink = vec![0u32; h as usize];
    let mut col_ink = vec![0u32; w as usize];
    for (x, y, p) in img.enumerate_pixels() {
        if p.0[0] <= threshold {
            row_ink[y as usize] += 1;
            col_ink[x as usize] += 1;
        }
    }
    let span = |ink: &[u32]| {
        let first = ink.iter().position(|&n| n >= 3)?;
        let last = ink.iter().rposition(|&n| n >= 3)?;
        Some((first as u32, last as u32))
    };
    let (Some((top, bottom)), Some((left, right))) = (span(&row_ink), span(&col_ink)) else {
        return img.clone();
    };
    let (x0, y0) = (left.saturating_sub(CROP_MARGIN), top.saturating_sub(CROP_MARGIN));
    let (x1, y1) = ((right + CROP_MARGIN).min(w - 1), (bottom + CROP_MARGIN).min(h - 1));
    image::imageops::crop_imm(img, x0, y0, x1 - x0 + 1, y1 - y0 + 1).to_image()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dark horizontal bars (lines of "text") on white, tilted by `deg`.
    fn lined_page(deg: f32) -> GrayImage {
        let page = GrayImage::from_fn(800, 600, |x, y| {
            let in_line = (100..700).contains(&x) && (y % 60) < 14 && (60..540).contains(&y);
            Luma([if in_line && x % 23 < 17 { 20 } else { 250 }])
        });
        rotate(&page, deg)
    }

    #[test]
    fn the_tilt_of_a_page_is_found() {
        for deg in [-4.0f32, -1.0, 0.0, 2.4, 5.0] {
            let found = skew_degrees(&lined_page(deg));
            assert!((found - deg).abs() <= 0.41, "tilted {deg}°, found {found}°");
        }
    }

    #[test]
    fn specks_go_and_strokes_stay() {
        let mut img = GrayImage::from_pixel(40, 40, Luma([255]));
        img.put_pixel(5, 5, Luma([0]));
        for x in 10..30 {
            for y in 20..24 {
                img.put_pixel(x, y, Luma([0]));
            }
        }
        let clean = median3(&img);
        assert_eq!(clean.get_pixel(5, 5).0[0], 255, "an isolated speck is removed");
        assert_eq!(clean.get_pixel(20, 21).0[0], 0, "a stroke stays");
    }

    #[test]
    fn a_shadow_across_the_page_is_evened_out() {
        // Paper from 120 (shadow) to 240 grey, ink a third as bright as its paper.
        let mut img = GrayImage::from_fn(600, 300, |x, y| {
            let paper = 120.0 + 120.0 * x as f32 / 600.0;
            let ink = (y % 40) < 6 && x % 9 < 6;
            Luma([if ink { paper / 3.0 } else { paper } as u8])
        });
        flatten_background(&mut img);
        let t = otsu(&img);
        for x in [20, 300, 580] {
            assert!(img.get_pixel(x, 20).0[0] > t, "paper at x={x} is light after flattening");
            assert!(img.get_pixel(x - x % 9, 2).0[0] <= t, "ink at x={x} is dark after flattening");
        }
    }
}
