//! Tier: where the member stands and every tier's benefits side by side.
use api::tier::{format_yuan, Tier};
use leptos::prelude::*;

use super::strings::use_loyalty_strings;
use crate::client;
use crate::components::{remote, TierProgress};
use crate::format::{discount, tier_name};
use crate::i18n::{fill, Locale};
use crate::prefs::{use_prefs, use_strings};
use crate::session::use_session;

#[component]
pub fn TierPage() -> impl IntoView {
    let (s, lo) = (use_strings(), use_loyalty_strings());
    let locale = use_prefs().locale;
    let session = use_session();
    let tiers = LocalResource::new(client::tiers);
    let status = move || session.member.get().map(|m| m.tier);
    view! {
        <h1>{move || s().tier_title}</h1>
        <Show when=move || session.member.with(|m| m.as_ref().is_some_and(|m| m.in_birthday_month))>
            <p class="notice birthday" role="status">{move || lo().birthday_banner}</p>
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
                        <p class="small" data-testid="keep-tier">{move || fill(lo().keep_tier, &[&amount, &tier_name(locale.get(), &tier)])}</p>
                    })}
                </section>
            }
        })}
        <h2>{move || lo().tier_all}</h2>
        // Side by side: one column per tier, so differences read across a row.
        {remote(tiers, move |tiers| {
            let current_code = status().map(|st| st.current.code).unwrap_or_default();
            let columns = tiers.len();
            let cc = current_code.clone();
            let cell = move |t: &Tier, body: AnyView| {
                let current = t.code == cc;
                view! { <td class:current=current>{body}</td> }
            };
            let names = tiers.iter().map(|t| {
                let (t2, current) = (t.clone(), t.code == current_code);
                view! {
                    <th scope="col" class:current=current>
                        {move || tier_name(locale.get(), &t2)}
                        {current.then(|| view! { <span class="badge">{move || lo().tier_current_badge}</span> })}
                    </th>
                }
            }).collect_view();
            let discounts = tiers.iter().map(|t| {
                let pct = t.drug_discount_percent;
                cell(t, view! { {move || fill(s().discount, &[&discount(locale.get(), pct)])} }.into_any())
            }).collect_view();
            let thresholds = tiers.iter().map(|t| {
                cell(t, format_yuan(t.min_annual_spend_fen).into_any())
            }).collect_view();
            let benefits = tiers.iter().map(|t| {
                let t2 = t.clone();
                let list = move || match locale.get() {
                    Locale::Zh => t2.benefits_zh.clone(),
                    Locale::En => t2.benefits_en.clone(),
                };
                cell(t, view! { <ul class="benefits">{move || list().into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul> }.into_any())
            }).collect_view();
            view! {
                <div class="table-wrap">
                    <table class="compare" data-columns=columns data-testid="tier-compare">
                        <thead><tr><th></th>{names}</tr></thead>
                        <tbody>
                            <tr><th scope="row">{move || lo().row_discount}</th>{discounts}</tr>
                            <tr><th scope="row">{move || lo().row_threshold}</th>{thresholds}</tr>
                            <tr><th scope="row">{move || lo().row_benefits}</th>{benefits}</tr>
                        </tbody>
                    </table>
                </div>
            }
        })}
    }
}
