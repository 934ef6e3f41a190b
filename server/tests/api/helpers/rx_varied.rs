//! Varied prescriptions for the OCR evaluation: the drug, salt, dosage form, layout, font,
//! size and degradation all come from a seed, so accuracy can be tuned on one seed range
//! ([`TUNE`]) and reported on another that is only ever scored ([`TEST`]).
//!
//! Layouts: a numbered drug line with a "用法：" line under it, a numbered one-liner, an
//! un-numbered Rp. block, a table with columns, and English "Sig:" lines. One image in three is
//! a phone photo: shrunk, rotated up to ±5°, blurred, unevenly lit, salt-and-pepper and Gaussian
//! noise, JPEG quality 60–90.
use std::ops::Range;

use api::drugs::{dictionary, Drug};
use image::{GrayImage, Luma};

use super::rx_image::{rotate, Style};

/// Seeds to look at while tuning the pipeline.
pub const TUNE: Range<u64> = 0..1_000;
/// Seeds that are only scored (the figure a closing note reports).
pub const TEST: Range<u64> = 1_000_000..1_000_048;

/// One drug as printed, and what a reader should return for it.
#[derive(Debug, Clone)]
pub struct ExpectedDrug {
    /// The whole printed name: salt + stem + form ("苯磺酸氨氯地平片"), or the English name.
    pub name: String,
    /// The dictionary stem (zh) or English generic name, capitalised as printed.
    pub stem: String,
    pub strength: String,
    /// The per-dose amount as printed ("每次2片", "0.5g", "12单位", "1 tab").
    pub dose: String,
    pub frequency: String,
}

/// A generated prescription: its lines, the expected fields, and the encoded image.
pub struct Varied {
    pub seed: u64,
    pub lines: Vec<String>,
    pub patient: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub doctor: String,
    pub drugs: Vec<ExpectedDrug>,
    /// Degraded like a phone photo (one in three).
    pub phone: bool,
    pub jpeg: Vec<u8>,
}

/// splitmix64: small, seedable, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
    fn gauss(&mut self) -> f32 {
        let (u1, u2) = (self.unit().max(1e-6), self.unit());
        (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
    }
}

/// Salts as they are printed with a stem: (stem, before, after).
const SALTS: &[(&str, &str, &str)] = &[
    ("氨氯地平", "苯磺酸", ""),
    ("左旋氨氯地平", "苯磺酸", ""),
    ("二甲双胍", "盐酸", ""),
    ("美托洛尔", "酒石酸", ""),
    ("比索洛尔", "富马酸", ""),
    ("氯吡格雷", "硫酸氢", ""),
    ("阿托伐他汀", "", "钙"),
    ("瑞舒伐他汀", "", "钙"),
    ("匹伐他汀", "", "钙"),
    ("氯沙坦", "", "钾"),
    ("左甲状腺素", "", "钠"),
    ("依那普利", "马来酸", ""),
    ("贝那普利", "盐酸", ""),
    ("地尔硫卓", "盐酸", ""),
    ("维拉帕米", "盐酸", ""),
    ("坦索罗辛", "盐酸", ""),
    ("多沙唑嗪", "甲磺酸", ""),
    ("胺碘酮", "盐酸", ""),
    ("普罗帕酮", "盐酸", ""),
    ("曲美他嗪", "盐酸", ""),
    ("双氯芬酸", "", "钠"),
    ("泮托拉唑", "", "钠"),
    ("西替利嗪", "盐酸", ""),
    ("氨溴索", "盐酸", ""),
    ("吡格列酮", "盐酸", ""),
    ("克拉霉素", "", ""),
    ("莫西沙星", "盐酸", ""),
    ("左氧氟沙星", "盐酸", ""),
];
/// Forms this generator prints, with the unit a dose is counted in.
const FORMS: &[(&str, &str)] = &[
    ("片", "片"),
    ("缓释片", "片"),
    ("控释片", "片"),
    ("肠溶片", "片"),
    ("胶囊", "粒"),
    ("缓释胶囊", "粒"),
    ("肠溶胶囊", "粒"),
    ("软胶囊", "粒"),
    ("颗粒", "袋"),
    ("注射液", ""),
];
const ZH_FREQ: &[&str] =
    &["每日1次", "每日2次", "每日3次", "每8小时1次", "每晚1次", "一日两次", "每12小时1次", "每日1次"];
const EN_FREQ: &[&str] = &["bid", "once daily", "tid", "q8h", "twice daily", "qd", "three times daily"];
const PATIENTS: &[&str] =
    &["张伟", "王秀英", "李娜", "刘洋", "陈静", "杨磊", "黄桂兰", "赵建国", "周敏", "吴淑珍", "徐海"];
const DOCTORS: &[&str] = &["李明", "赵强", "孙丽", "周杰", "钱文", "郑华", "冯雪"];
const HOSPITALS: &[&str] = &[
    "上海市第六人民医院",
    "北京大学第三医院",
    "广州市第一人民医院",
    "杭州市西湖区社区卫生服务中心",
    "成都市第二人民医院",
    "南京鼓楼医院",
];
const DEPTS: &[&str] = &["内分泌科", "心内科", "全科", "老年科", "消化内科", "呼吸科"];
const EN_PATIENTS: &[&str] = &["John Smith", "Mary Jones", "Wei Chen", "Anna Lee", "Peter Brown", "Linda Wang"];
const EN_DOCTORS: &[&str] = &["Dr. Alice Brown", "Dr. Tom Green", "Dr. Sarah Hill", "Dr. James Wu"];
const EN_HOSPITALS: &[&str] =
    &["City General Hospital", "St. Mary's Hospital", "Riverside Medical Center", "Harbour Clinic"];

const SANS: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const SANS_BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
const SERIF: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
const SERIF_BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc";

/// The prescription for `seed`, dated `date` (`YYYY-MM-DD`).
pub fn generate(seed: u64, date: &str) -> Varied {
    let mut rng = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x5eed);
    let english = rng.below(3) == 0;
    let n = 2 + rng.below(3);
    let mut drugs = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    while drugs.len() < n {
        let (drug, expected) = if english { english_drug(&mut rng) } else { chinese_drug(&mut rng) };
        if !used.contains(&drug.zh) {
            used.push(drug.zh);
            drugs.push(expected);
        }
    }
    let mut style = Style {
        font: *rng.pick(&[SANS, SERIF, SANS, SERIF, SANS_BOLD, SERIF_BOLD]),
        index: 2,
        px: rng.range(32.0, 44.0).round(),
        leading: rng.range(1.5, 1.9),
        width: 1500 + 100 * rng.below(4) as u32,
        tabs: Vec::new(),
    };
    let (lines, patient, doctor) =
        if english { english_lines(&mut rng, date, &drugs) } else { chinese_lines(&mut rng, date, &drugs, &mut style) };
    let phone = rng.below(3) == 0;
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let page = super::rx_image::render_styled(&refs, &style);
    let jpeg = degrade(&page, phone, &mut rng);
    Varied { seed, lines, patient, date: date.to_string(), doctor, drugs, phone, jpeg }
}

/// A dictionary drug printable in one of [`FORMS`], oral or injected.
fn printable(rng: &mut Rng) -> (&'static Drug, &'static str, &'static str) {
    let all = &dictionary().drugs;
    loop {
        let drug = &all[rng.below(all.len())];
        let forms: Vec<&(&str, &str)> = FORMS.iter().filter(|(f, _)| drug.forms.contains(f)).collect();
        // A plain amount ("5 mg", "0.5 g", "400 单位"): not "复方", "50/12.5 mg" or "0.5%".
        let strength_ok = drug.strengths.iter().all(|s| {
            s.starts_with(|c: char| c.is_ascii_digit())
                && !s.contains(['/', '%'])
                && ["mg", "g", "μg", "单位"].iter().any(|u| s.ends_with(u))
        });
        if forms.is_empty() || !strength_ok || drug.zh.chars().count() < 2 {
            continue;
        }
        let (form, unit) = **rng.pick(&forms);
        return (drug, form, unit);
    }
}

fn chinese_drug(rng: &mut Rng) -> (&'static Drug, ExpectedDrug) {
    let (drug, form, unit) = printable(rng);
    let (before, after) = SALTS.iter().find(|s| s.0 == drug.zh).map_or(("", ""), |s| (s.1, s.2));
    let name = format!("{before}{}{after}{form}", drug.zh);
    let strength = rng.pick(&drug.strengths).replace(' ', "");
    let dose = if unit.is_empty() {
        if strength.contains("单位") {
            format!("{}单位", 4 + 2 * rng.below(8))
        } else {
            strength.clone()
        }
    } else if rng.below(2) == 0 {
        format!("每次{}{unit}", 1 + rng.below(2))
    } else {
        strength.clone()
    };
    let frequency = rng.pick(ZH_FREQ).to_string();
    (drug, ExpectedDrug { name, stem: drug.zh.to_string(), strength, dose, frequency })
}

fn english_drug(rng: &mut Rng) -> (&'static Drug, ExpectedDrug) {
    loop {
        let (drug, form, _) = printable(rng);
        if drug.en.contains(['/', ' ']) || form == "注射液" || form == "颗粒" {
            continue;
        }
        let name = capitalise(drug.en);
        let strength = rng.pick(&drug.strengths).to_string();
        let unit = if form.contains("胶囊") { "cap" } else { "tab" };
        let k = 1 + rng.below(2);
        let dose = format!("{k} {unit}{}", if k > 1 { "s" } else { "" });
        let frequency = rng.pick(EN_FREQ).to_string();
        return (drug, ExpectedDrug { name: name.clone(), stem: name, strength, dose, frequency });
    }
}

fn chinese_date(rng: &mut Rng, date: &str) -> String {
    match rng.below(3) {
        0 => date.replacen('-', "年", 1).replacen('-', "月", 1) + "日",
        1 => date.replace('-', "/"),
        _ => date.to_string(),
    }
}

fn chinese_lines(
    rng: &mut Rng,
    date: &str,
    drugs: &[ExpectedDrug],
    style: &mut Style,
) -> (Vec<String>, String, String) {
    let patient = rng.pick(PATIENTS).to_string();
    let doctor = rng.pick(DOCTORS).to_string();
    let colon = *rng.pick(&["：", ": ", ":"]);
    let mut lines = vec![
        format!("{} {}", rng.pick(HOSPITALS), rng.pick(&["门诊处方笺", "处方笺", "处方"])),
        format!("姓名{colon}{patient}   性别{colon}{}   年龄{colon}{}岁", rng.pick(&["男", "女"]), 45 + rng.below(45)),
        format!("科别{colon}{}   日期{colon}{}", rng.pick(DEPTS), chinese_date(rng, date)),
        format!("临床诊断{colon}{}", rng.pick(&["高血压", "2型糖尿病", "冠心病", "高脂血症", "上呼吸道感染"])),
    ];
    let route = |d: &ExpectedDrug| {
        if d.name.ends_with("注射液") {
            if d.dose.contains("单位") {
                "皮下注射"
            } else {
                "静脉滴注"
            }
        } else {
            "口服"
        }
    };
    let qty = |rng: &mut Rng, d: &ExpectedDrug| {
        if d.name.ends_with("注射液") {
            format!("{}支", 1 + rng.below(5))
        } else {
            format!(
                "{}{}",
                7 * (1 + rng.below(4)),
                if d.name.contains("胶囊") {
                    "粒"
                } else if d.name.ends_with("颗粒") {
                    "袋"
                } else {
                    "片"
                }
            )
        }
    };
    match rng.below(4) {
        0 => {
            lines.push(rng.pick(&["Rp:", "Rp.", "R:"]).to_string());
            for (k, d) in drugs.iter().enumerate() {
                lines.push(format!("{}. {} {}×{}", k + 1, d.name, d.strength, qty(rng, d)));
                lines.push(format!("   用法{colon}{} {} {}", d.dose, d.frequency, route(d)));
            }
        }
        1 => {
            lines.push("Rp:".to_string());
            for (k, d) in drugs.iter().enumerate() {
                lines.push(format!(
                    "{}. {} {}×{} {} {} {}",
                    k + 1,
                    d.name,
                    d.strength,
                    qty(rng, d),
                    d.dose,
                    d.frequency,
                    route(d)
                ));
            }
        }
        2 => {
            lines.push("Rp.".to_string());
            for d in drugs {
                lines.push(format!("{}   {}   ×{}盒", d.name, d.strength, 1 + rng.below(3)));
                lines.push(format!(
                    "   {}{colon}{} {} {}",
                    rng.pick(&["用法", "用法用量", "Sig"]),
                    d.dose,
                    d.frequency,
                    route(d)
                ));
            }
        }
        _ => {
            let name_col = style.px * 11.0;
            style.tabs = vec![name_col, name_col + style.px * 5.0, name_col + style.px * 8.0];
            style.width = style.width.max((name_col + style.px * 24.0) as u32);
            lines.push("药品名称\t规格\t数量\t用法用量".to_string());
            for d in drugs {
                lines.push(format!(
                    "{}\t{}\t{}\t{} {} {}",
                    d.name,
                    d.strength,
                    qty(rng, d),
                    d.dose,
                    d.frequency,
                    route(d)
                ));
            }
        }
    }
    lines.push(format!(
        "医师{colon}{doctor}   审核药师{colon}王芳   金额{colon}{}.{}元",
        20 + rng.below(300),
        rng.below(10)
    ));
    (lines, patient, doctor)
}

fn english_lines(rng: &mut Rng, date: &str, drugs: &[ExpectedDrug]) -> (Vec<String>, String, String) {
    let patient = rng.pick(EN_PATIENTS).to_string();
    let doctor = rng.pick(EN_DOCTORS).to_string();
    let mut lines = vec![
        format!("{} - Prescription", rng.pick(EN_HOSPITALS)),
        format!(
            "Patient: {patient}   Date: {}",
            if rng.below(2) == 0 { date.to_string() } else { date.replace('-', "/") }
        ),
        rng.pick(&["Rx", "Rx:", "Rp."]).to_string(),
    ];
    let two_lines = rng.below(2) == 0;
    for (k, d) in drugs.iter().enumerate() {
        let form = if d.dose.contains("cap") { "capsules" } else { "tablets" };
        let route = *rng.pick(&["PO", "by mouth", "orally"]);
        if two_lines {
            lines.push(format!("{}. {} {} {form} #{}", k + 1, d.name, d.strength, 30 * (1 + rng.below(3))));
            lines.push(format!("   Sig: {} {route} {}", d.dose, d.frequency));
        } else {
            lines.push(format!(
                "{}. {} {} {form} #{}  Sig: {} {route} {}",
                k + 1,
                d.name,
                d.strength,
                30 * (1 + rng.below(3)),
                d.dose,
                d.frequency
            ));
        }
    }
    lines.push(format!("Doctor: {doctor}"));
    (lines, patient, doctor)
}

/// Encodes `page` as JPEG; a phone photo is first shrunk, rotated, blurred, unevenly lit and
/// noisy, a scan only slightly tilted.
fn degrade(page: &GrayImage, phone: bool, rng: &mut Rng) -> Vec<u8> {
    let (deg, blur, scale, quality) = if phone {
        (rng.range(-5.0, 5.0), rng.range(0.4, 1.0), rng.range(0.6, 0.8), 60 + rng.below(31) as u8)
    } else {
        (rng.range(-1.5, 1.5), rng.range(0.0, 0.6), rng.range(0.85, 1.0), 80 + rng.below(16) as u8)
    };
    let mut img = rotate(page, deg);
    if blur > 0.05 {
        img = image::imageops::blur(&img, blur);
    }
    let (w, h) = ((img.width() as f32 * scale) as u32, (img.height() as f32 * scale) as u32);
    img = image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle);
    if phone {
        // Paper is grey-ish, a shadow falls across one side, the sensor adds noise and specks.
        let paper = rng.range(0.8, 0.95);
        let (shadow, from_left) = (rng.range(0.45, 0.8), rng.below(2) == 0);
        let sigma = rng.range(5.0, 12.0);
        let specks = rng.range(0.003, 0.012);
        for (x, y, p) in img.enumerate_pixels_mut() {
            let t = x as f32 / w as f32 * 0.7 + y as f32 / h as f32 * 0.3;
            let light = shadow + (1.0 - shadow) * if from_left { t } else { 1.0 - t };
            let mut v = p.0[0] as f32 * paper * light + sigma * rng.gauss();
            let r = rng.unit();
            if r < specks / 2.0 {
                v = 0.0;
            } else if r < specks {
                v = 255.0;
            }
            *p = Luma([v.clamp(0.0, 255.0) as u8]);
        }
    }
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    img.write_with_encoder(enc).expect("jpeg");
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}
