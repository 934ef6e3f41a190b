//! Tier: where the member stands and every tier's benefits side by side.
use api::tier::format_yuan;
use leptos::prelude::*;

use crate::client;
use crate::components::{remote, TierProgress};
use crate::format::{discount, tier_name};
use crate::i18n::{fill, Locale};
use crate::prefs::{use_prefs, use_strings};
use crate::session::use_session;

#[component]
pub fn TierPage() -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let session = use_session();
    let tiers = LocalResource::new(client::tiers);
    let status = move || session.member.get().map(|m| m.tier);
    view! {
        <h1>{move || s().tier_title}</h1>
        <Show when=move || session.member.with(|m| m.as_ref().is_some_and(|m| m.in_birthday_month))>
            <p class="notice birthday" role="status">{move || s().birthday_banner}</p>
        </Show>
        {move || status().map(|st| {
            let current = st.current.clone();
            // Tiers follow each calendar year's spend: say what keeps this one next year.
            let keep = (current.min_annual_spend_fen > 0).then(|| (format_yuan(current.min_annual_spend_fen), current.clone()));
            view! {
                <section class="card tier-card">
                    <p class="tier-name">{move || tier_name(locale.get(), &current)}</p>
                    <TierProgress status=st/>
                    {keep.map(|(amount, tier)| view! {
                        <p class="small" data-testid="keep-tier">{move || fill(s().keep_tier, &[&amount, &tier_name(locale.get(), &tier)])}</p>
                    })}
                </section>
            }
        })}
        <h2>{move || s().tier_all}</h2>
        {remote(tiers, move |tiers| {
            let current_code = status().map(|st| st.current.code).unwrap_or_default();
            tiers.into_iter().map(|t| {
                let is_current = t.code == current_code;
                let benefits = move || match locale.get() {
                    Locale::Zh => t.benefits_zh.clone(),
                    Locale::En => t.benefits_en.clone(),
                };
                let name = (t.name_zh.clone(), t.name_en.clone());
                let pct = t.drug_discount_percent;
                view! {
                    <section class="card" class:current=is_current>
                        <h3>
                            {move || if locale.get() == Locale::Zh { name.0.clone() } else { name.1.clone() }}
                            {is_current.then(|| view! { <span class="badge">{move || s().tier_current_badge}</span> })}
                        </h3>
                        <p class="muted">{move || fill(s().discount, &[&discount(locale.get(), pct)])}</p>
                        <ul class="benefits">
                            {move || benefits().into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}
                        </ul>
                    </section>
                }
            }).collect_view()
        })}
    }
}
