fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let img = image::open(&args[0]).unwrap().to_luma8();
    let sigma: f32 = args[2].parse().unwrap();
    let thr: i32 = args[3].parse().unwrap();
    let scale: f32 = args[4].parse().unwrap();
    let mut g = img.clone();
    if scale != 1.0 {
        g = image::imageops::resize(&g, (g.width() as f32 * scale) as u32, (g.height() as f32 * scale) as u32, image::imageops::FilterType::CatmullRom);
    }
    if sigma > 0.0 {
        g = image::imageops::unsharpen(&g, sigma, thr);
    }
    g.save(&args[1]).unwrap();
}
