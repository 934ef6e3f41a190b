//! Home: the member's day at a glance (points, tier, next dose, prescription, reading).
use api::home::HomeSummary;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::client;
use crate::components::{remote, TierProgress};
use crate::format::{date, discount, number, tier_name};
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_prefs().locale;
    let summary = LocalResource::new(move || client::home(locale.get().tag()));
    view! { {remote(summary, |h| view! { <HomeCards h/> })} }
}

#[component]
fn HomeCards(h: HomeSummary) -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let l = move || locale.get();
    let HomeSummary {
        member_name,
        points_balance,
        points_expiring,
        tier,
        next_dose,
        pending_prescription,
        latest_article,
        offer,
    } = h;
    let tier_for_name = tier.current.clone();
    let discount_pct = tier.current.drug_discount_percent;
    view! {
        <h1 class="greeting" data-testid="greeting">{move || fill(s().greeting, &[&member_name])}</h1>

        {offer.map(|o| view! { <OfferLink o/> })}

        <A href=Page::Tier.path() attr:class="card tier-card link-card" attr:data-testid="tier-card">
            <p class="card-label">{move || s().tier_title}</p>
            <p class="tier-name">{move || tier_name(l(), &tier_for_name)}</p>
            <p class="badge">{move || fill(s().discount, &[&discount(l(), discount_pct)])}</p>
            <TierProgress status=tier/>
        </A>

        <A href=Page::Points.path() attr:class="card link-card" attr:data-testid="points-card">
            <p class="card-label">{move || s().points_title}</p>
            <p class="big-number" {crate::components::data_visible()}>{number(points_balance)}<small>" "{move || s().points_unit}</small></p>
            {points_expiring.map(|e| view! {
                <p class="warning">{move || fill(s().points_expiring, &[&number(e.points), &date(l(), e.at)])}</p>
            })}
        </A>

        <A href=Page::Schedule.path() attr:class="card link-card">
            <p class="card-label">{move || s().next_dose_title}</p>
            {match next_dose {
                Some(d) => view! {
                    <p class="dose-time">
                        {move || if d.tomorrow { format!("{} {}", s().tomorrow, d.time) } else { d.time.clone() }}
                    </p>
                    <p>{d.medication.clone()}" · "{d.dose.clone()}</p>
                }.into_any(),
                None => view! { <p class="muted">{move || s().next_dose_none}</p> }.into_any(),
            }}
        </A>

        <A href=Page::Prescriptions.path() attr:class="card link-card">
            <p class="card-label">{move || s().pending_rx_title}</p>
            {match pending_prescription {
                Some(p) => view! { <p>{move || crate::pages::prescriptions::status_text(s(), p.status)}</p> }.into_any(),
                None => view! { <p class="muted">{move || s().pending_rx_none}</p> }.into_any(),
            }}
        </A>

        {latest_article.map(|a| view! {
            <A href=Page::Articles.path() attr:class="card link-card">
                <p class="card-label">{move || s().latest_article_title}</p>
                <p class="article-title">{a.title.clone()}</p>
                <p class="muted">{a.summary.clone()}</p>
            </A>
        })}
    }
}

/// This month's offer, the member's own medicine's first: a link to the offers screen, where it
/// is claimed (a plain card keeps the first load small).
#[component]
fn OfferLink(o: api::campaigns::Offer) -> impl IntoView {
    let lo = super::loyalty::use_loyalty_strings();
    let locale = use_prefs().locale;
    let o = StoredValue::new(o);
    view! {
        <A href=Page::Offers.path() attr:class="card link-card offer" attr:data-testid="offer-card">
            <p class="card-label">{move || o.with_value(|o| crate::pages::offer_title(locale.get(), o))}</p>
            <p class="offer-line">{move || o.with_value(|o| crate::pages::offer_line(lo(), locale.get(), o))}</p>
        </A>
    }
}
