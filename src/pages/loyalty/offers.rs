//! This month's offers (慢病用药月度补贴, check-up bundles): the member's own medicines' first,
//! each claimed into the wallet with one tap. Home links here with the first one.
use api::campaigns::Offer;
use leptos::prelude::*;
use leptos_router::components::A;

use super::strings::{use_loyalty_strings, LoyaltyStrings};
use crate::client;
use crate::components::{remote, Empty};
use crate::format::{date, discount};
use crate::i18n::{fill, Locale};
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;

/// The campaign's title in the member's language.
pub fn offer_title(locale: Locale, o: &Offer) -> String {
    if locale == Locale::En {
        o.title_en.clone()
    } else {
        o.title_zh.clone()
    }
}

/// What the offer gives the member: their own medicine's discount, a bundle, or the general one.
pub fn offer_line(lo: &LoyaltyStrings, locale: Locale, o: &Offer) -> String {
    let pct = discount(locale, i32::from(o.deal.percent_off));
    match (&o.deal.bundle, &o.for_medicine) {
        (Some(b), _) => {
            let partner = if locale == Locale::En { &b.partner_en } else { &b.partner_zh };
            fill(lo.offer_bundle, &[partner, &pct, &(b.min_order_fen / 100).to_string()])
        }
        (None, Some(medicine)) => fill(lo.offer_yours, &[medicine, &pct]),
        (None, None) => fill(lo.offer_all, &[&pct]),
    }
}

#[component]
pub fn OffersPage() -> impl IntoView {
    let lo = use_loyalty_strings();
    let offers = LocalResource::new(client::campaigns);
    view! {
        <h1>{move || lo().offers_title}</h1>
        {remote(offers, move |list: Vec<Offer>| if list.is_empty() {
            view! { <Empty message=Signal::derive(move || lo().offers_none.to_string())/> }.into_any()
        } else {
            list.into_iter().map(|o| view! { <OfferCard o/> }).collect_view().into_any()
        })}
    }
}

/// One offer: claimed in place (one coupon, however often tapped), then a link to the wallet.
#[component]
fn OfferCard(o: Offer) -> impl IntoView {
    let (s, lo) = (use_strings(), use_loyalty_strings());
    let locale = use_prefs().locale;
    let claimed = RwSignal::new(o.claimed);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);
    let (id, sold_out, ends_at) = (StoredValue::new(o.id.clone()), o.sold_out, o.ends_at);
    let claim = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match client::claim_campaign(&id.get_value()).await {
                Ok(_) => claimed.set(true),
                Err(client::ApiError::Offline) => error.set(Some(s().offline_body)),
                Err(e) if e.code() == Some(api::error::codes::CAMPAIGN_UNAVAILABLE) => {
                    error.set(Some(lo().offers_gone))
                }
                Err(_) => error.set(Some(s().error_body)),
            }
            busy.set(false);
        });
    };
    let o = StoredValue::new(o);
    view! {
        <section class="card offer" data-testid="offer" data-id=id.get_value()>
            <p class="card-label">{move || o.with_value(|o| offer_title(locale.get(), o))}</p>
            <p class="offer-line">{move || o.with_value(|o| offer_line(lo(), locale.get(), o))}</p>
            <p class="muted small">{move || fill(lo().offers_until, &[&date(locale.get(), ends_at)])}</p>
            {move || if claimed.get() {
                view! { <A href=Page::Wallet.path() attr:class="button secondary">{move || lo().offer_claimed}</A> }.into_any()
            } else if sold_out {
                view! { <p class="muted">{move || lo().offers_gone}</p> }.into_any()
            } else {
                view! { <button type="button" class="button primary" disabled=move || busy.get() on:click=claim>{move || lo().offer_claim}</button> }.into_any()
            }}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}
