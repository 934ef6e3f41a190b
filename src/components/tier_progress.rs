//! A tier's progress bar with "spent this year" and what the next tier needs.
use api::tier::{format_yuan, TierStatus};
use leptos::prelude::*;

use crate::format::tier_name;
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};

#[component]
pub fn TierProgress(status: TierStatus) -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let permille = status.progress_permille.min(1000);
    let spent = format_yuan(status.annual_spend_fen);
    let to_next = format_yuan(status.spend_to_next_fen);
    let next = status.next.clone();
    let next_min = status.next.as_ref().map(|n| format_yuan(n.min_annual_spend_fen));
    let summary = move || match &next_min {
        Some(target) => fill(s().spend_of, &[&spent, target]),
        None => fill(s().spend_this_year, &[&spent]),
    };
    view! {
        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=(permille / 10).to_string() aria-label=summary.clone()>
            <div class="progress-fill" style:width=format!("{}%", permille as f32 / 10.0)></div>
        </div>
        <p class="muted">{summary}</p>
        <p class="tier-next">
            {move || match &next {
                Some(n) => fill(s().to_next_tier, &[&to_next, &tier_name(locale.get(), n)]),
                None => s().top_tier.to_string(),
            }}
        </p>
    }
}
