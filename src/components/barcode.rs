//! A Code 128 barcode drawn as SVG: renders offline and scales without blurring.
use leptos::prelude::*;

/// Quiet zone on each side, in modules (the standard asks for at least 10).
const QUIET: u32 = 10;

#[component]
pub fn Barcode(#[prop(into)] value: String) -> impl IntoView {
    let Some(widths) = api::barcode::code128b(&value) else {
        return view! { <p class="big-number">{value}</p> }.into_any();
    };
    let total: u32 = widths.iter().map(|w| u32::from(*w)).sum::<u32>() + 2 * QUIET;
    let mut x = QUIET;
    let mut bars = Vec::new();
    for (i, w) in widths.iter().enumerate() {
        if i % 2 == 0 {
            bars.push((x, u32::from(*w)));
        }
        x += u32::from(*w);
    }
    view! {
        <svg class="barcode" viewBox=format!("0 0 {total} 60") preserveAspectRatio="none" role="img" aria-label=value.clone()
            data-testid="member-barcode">
            <rect width=total.to_string() height="60" fill="#fff"/>
            {bars.into_iter().map(|(x, w)| view! { <rect x=x.to_string() width=w.to_string() height="60" fill="#000"/> }).collect_view()}
        </svg>
        <p class="barcode-text">{value}</p>
    }
    .into_any()
}
