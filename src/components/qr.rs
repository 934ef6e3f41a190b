//! A QR code drawn as SVG on the device (no image request, sharp at any size), like the
//! member-card barcode.
use leptos::prelude::*;

/// Light modules around the code (the standard asks for 4).
const QUIET: usize = 4;

#[component]
pub fn QrCode(#[prop(into)] text: String, #[prop(into)] label: String) -> impl IntoView {
    let Some(rows) = api::referral::qr_modules(&text) else {
        return ().into_any();
    };
    let size = rows.len() + 2 * QUIET;
    // One path for all dark modules: a few hundred nodes fewer than one rect each.
    let mut d = String::new();
    for (y, row) in rows.iter().enumerate() {
        for (x, dark) in row.iter().enumerate() {
            if *dark {
                d.push_str(&format!("M{} {}h1v1h-1z", x + QUIET, y + QUIET));
            }
        }
    }
    view! {
        <svg class="qr" viewBox=format!("0 0 {size} {size}") shape-rendering="crispEdges" role="img" aria-label=label
            data-testid="invite-qr">
            <rect width=size.to_string() height=size.to_string() fill="#fff"/>
            <path d=d fill="#000"/>
        </svg>
    }
    .into_any()
}
