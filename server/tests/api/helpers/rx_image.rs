//! Prescription images for the OCR tests: known text rendered with a CJK font, then made
//! to look like a phone photo (slight rotation, blur, noise, shrink, JPEG artefacts).
use std::io::Cursor;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{GrayImage, ImageFormat, Luma};

const FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
/// Noto Sans CJK SC within the collection (0 is JP, 2 is SC).
const SC_INDEX: u32 = 2;

/// How far from a clean scan an image is.
#[derive(Debug, Clone, Copy)]
pub struct Distortion {
    pub rotate_deg: f32,
    pub blur_sigma: f32,
    /// Largest ± change in grey level per pixel.
    pub noise: u8,
    /// The rendered page is scaled by this before encoding (a small or distant photo).
    pub scale: f32,
    pub jpeg_quality: u8,
}

impl Distortion {
    pub const CLEAN: Distortion =
        Distortion { rotate_deg: 0.0, blur_sigma: 0.0, noise: 0, scale: 1.0, jpeg_quality: 92 };
    pub const PHONE: Distortion =
        Distortion { rotate_deg: 1.5, blur_sigma: 0.6, noise: 24, scale: 0.8, jpeg_quality: 70 };
}

/// How a page is typeset: which font, how big, and where tab stops fall.
#[derive(Debug, Clone)]
pub struct Style {
    /// A font file and the face within a collection (Noto CJK `.ttc`: 2 is SC).
    pub font: &'static str,
    pub index: u32,
    pub px: f32,
    /// Line pitch as a multiple of `px`.
    pub leading: f32,
    pub width: u32,
    /// A `\t` in a line moves the pen to the next of these x positions (table columns).
    pub tabs: Vec<f32>,
}

impl Default for Style {
    fn default() -> Self {
        Style { font: FONT, index: SC_INDEX, px: 38.0, leading: 66.0 / 38.0, width: 1500, tabs: Vec::new() }
    }
}

/// Renders `lines` black on white, one per row, at 38 px on a 1500 px wide page.
pub fn render(lines: &[&str]) -> GrayImage {
    render_styled(lines, &Style::default())
}

/// Renders `lines` black on white in `style`.
pub fn render_styled(lines: &[&str], style: &Style) -> GrayImage {
    let data = std::fs::read(style.font).expect("Noto CJK fonts (fonts-noto-cjk; scripts/bootstrap.sh installs it)");
    let font = FontRef::try_from_slice_and_index(&data, style.index).expect("font");
    let scale = PxScale::from(style.px);
    let scaled = font.as_scaled(scale);
    let line_h = (style.px * style.leading).round() as u32;
    let (width, margin) = (style.width, 70.0f32);
    let height = line_h * lines.len() as u32 + 2 * margin as u32;
    let mut img = GrayImage::from_pixel(width, height, Luma([255]));
    for (row, line) in lines.iter().enumerate() {
        let baseline = margin + scaled.ascent() + row as f32 * line_h as f32;
        let mut x = margin;
        for c in line.chars() {
            if c == '\t' {
                x = style
                    .tabs
                    .iter()
                    .map(|t| margin + t)
                    .find(|t| *t > x + style.px * 0.5)
                    .unwrap_or(x + style.px * 2.0);
                continue;
            }
            let glyph = scaled.scaled_glyph(c);
            let id = glyph.id;
            let advance = scaled.h_advance(id);
            let glyph = id.with_scale_and_position(scale, ab_glyph::point(x, baseline));
            if let Some(outlined) = font.outline_glyph(glyph) {
                let b = outlined.px_bounds();
                outlined.draw(|gx, gy, cov| {
                    let (px, py) = (b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32);
                    if px >= 0 && py >= 0 && (px as u32) < width && (py as u32) < height {
                        let p = img.get_pixel_mut(px as u32, py as u32);
                        p.0[0] = p.0[0].min((255.0 * (1.0 - cov.min(1.0))) as u8);
                    }
                });
            }
            x += advance;
        }
    }
    img
}

/// Applies `d` and encodes as JPEG, like a phone camera would.
pub fn photo(img: &GrayImage, d: Distortion) -> Vec<u8> {
    let mut img = rotate(img, d.rotate_deg);
    if d.blur_sigma > 0.0 {
        img = image::imageops::blur(&img, d.blur_sigma);
    }
    if d.scale != 1.0 {
        let (w, h) = ((img.width() as f32 * d.scale) as u32, (img.height() as f32 * d.scale) as u32);
        img = image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
    }
    if d.noise > 0 {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for p in img.pixels_mut() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let delta = (seed % (2 * d.noise as u64 + 1)) as i32 - d.noise as i32;
            p.0[0] = (p.0[0] as i32 + delta).clamp(0, 255) as u8;
        }
    }
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, d.jpeg_quality);
    img.write_with_encoder(enc).expect("jpeg");
    out
}

/// PNG bytes of a page, lossless.
pub fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).expect("png");
    out.into_inner()
}

/// Rotates about the centre like a tilted photo: the server's own deskew rotation, run the
/// other way (an untilted page is returned as it is).
pub fn rotate(img: &GrayImage, deg: f32) -> GrayImage {
    if deg == 0.0 {
        return img.clone();
    }
    server::prescriptions::ocr::preprocess::rotate(img, deg)
}

/// One generated prescription and what a reader should find on it.
pub struct Sample {
    pub lines: Vec<String>,
    pub patient: String,
    pub date: String,
    pub doctor: String,
    /// (dictionary stem or English name, strength, frequency as written)
    pub drugs: Vec<(String, String, String)>,
}

const ZH_DRUGS: &[(&str, &str, &str)] = &[
    ("苯磺酸氨氯地平片", "氨氯地平", "5mg"),
    ("盐酸二甲双胍缓释片", "二甲双胍", "0.5g"),
    ("阿托伐他汀钙片", "阿托伐他汀", "20mg"),
    ("缬沙坦胶囊", "缬沙坦", "80mg"),
    ("阿司匹林肠溶片", "阿司匹林", "100mg"),
    ("硫酸氢氯吡格雷片", "氯吡格雷", "75mg"),
    ("酒石酸美托洛尔片", "美托洛尔", "25mg"),
    ("格列美脲片", "格列美脲", "2mg"),
    ("左甲状腺素钠片", "左甲状腺素", "50μg"),
    ("奥美拉唑肠溶胶囊", "奥美拉唑", "20mg"),
    ("瑞舒伐他汀钙片", "瑞舒伐他汀", "10mg"),
    ("阿卡波糖片", "阿卡波糖", "50mg"),
];
const ZH_FREQ: &[&str] = &["每日1次", "每日2次", "每日3次", "每8小时1次", "每晚1次"];
const EN_DRUGS: &[(&str, &str)] = &[
    ("Metformin", "500 mg"),
    ("Amlodipine", "5 mg"),
    ("Atorvastatin", "20 mg"),
    ("Amoxicillin", "500 mg"),
    ("Losartan", "50 mg"),
    ("Levothyroxine", "50 mcg"),
];
const EN_FREQ: &[&str] = &["bid", "once daily", "tid", "q8h", "twice daily"];
const PATIENTS: &[&str] = &["张伟", "王秀英", "李娜", "刘洋", "陈静", "杨磊"];
const DOCTORS: &[&str] = &["李明", "赵强", "孙丽", "周杰"];

/// The `i`-th generated prescription: Chinese for even `i`, English for odd, with 2–3 drugs.
pub fn sample(i: usize, date: &str) -> Sample {
    let n = 2 + i % 2;
    if i % 2 == 0 {
        let patient = PATIENTS[i / 2 % PATIENTS.len()].to_string();
        let doctor = DOCTORS[i % DOCTORS.len()].to_string();
        let mut lines = vec![
            "上海市第六人民医院 门诊处方笺".to_string(),
            format!("姓名: {patient}   性别: 女   年龄: {}岁", 58 + i),
            format!("科别: 内分泌科   日期: {}", date.replacen('-', "年", 1).replacen('-', "月", 1) + "日"),
            "Rp:".to_string(),
        ];
        let mut drugs = Vec::new();
        for k in 0..n {
            let (name, stem, strength) = ZH_DRUGS[(i * 3 + k * 5) % ZH_DRUGS.len()];
            let freq = ZH_FREQ[(i + k) % ZH_FREQ.len()];
            lines.push(format!("{}. {name} {strength}×{}片", k + 1, 14 * (k + 1)));
            lines.push(format!("   用法: 每次1片 {freq} 口服"));
            drugs.push((stem.to_string(), strength.to_string(), freq.to_string()));
        }
        lines.push(format!("医师: {doctor}   审核药师: 王芳"));
        Sample { lines, patient, date: date.into(), doctor, drugs }
    } else {
        let patient = ["John Smith", "Mary Jones", "Wei Chen", "Anna Lee"][i / 2 % 4].to_string();
        let doctor = ["Dr. Alice Brown", "Dr. Tom Green"][i / 2 % 2].to_string();
        let mut lines = vec![
            "City General Hospital - Prescription".to_string(),
            format!("Patient: {patient}   Date: {date}"),
            "Rx".to_string(),
        ];
        let mut drugs = Vec::new();
        for k in 0..n {
            let (name, strength) = EN_DRUGS[(i + k * 2) % EN_DRUGS.len()];
            let freq = EN_FREQ[(i + k) % EN_FREQ.len()];
            lines.push(format!("{}. {name} {strength} tablets #{}  Sig: 1 tab PO {freq}", k + 1, 30 * (k + 1)));
            drugs.push((name.to_string(), strength.to_string(), freq.to_string()));
        }
        lines.push(format!("Doctor: {doctor}"));
        Sample { lines, patient, date: date.into(), doctor, drugs }
    }
}
