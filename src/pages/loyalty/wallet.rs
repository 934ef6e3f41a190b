//! Wallet: the member card (a barcode the till can scan, drawn on the device) and coupons.
use api::rewards::{Coupon, CouponStatus};
use api::tier::format_yuan;
use leptos::prelude::*;

use super::strings::use_loyalty_strings;
use crate::client;
use crate::components::{remote, Barcode, Empty};
use crate::format::date;
use crate::i18n::{fill, Locale};
use crate::prefs::use_prefs;
use crate::session::use_session;

#[component]
pub fn WalletPage() -> impl IntoView {
    let lo = use_loyalty_strings();
    let session = use_session();
    let coupons = LocalResource::new(client::coupons);
    view! {
        <h1>{move || lo().wallet_title}</h1>
        {move || session.member.get().map(|m| view! {
            <section class="card member-card">
                <p class="card-label">{move || lo().member_card}</p>
                <p class="profile-name">{m.name.clone()}</p>
                <Barcode value=m.id.clone()/>
                <p class="muted small center">{move || lo().member_card_hint}</p>
            </section>
        })}
        {remote(coupons, move |list| {
            if list.is_empty() {
                return view! { <Empty message=Signal::derive(move || lo().coupons_none.to_string())/> }.into_any();
            }
            list.into_iter().map(|c| view! { <CouponCard c/> }).collect_view().into_any()
        })}
    }
}

#[component]
fn CouponCard(c: Coupon) -> impl IntoView {
    let lo = use_loyalty_strings();
    let locale = use_prefs().locale;
    let status = c.status;
    let (zh, en) = (c.title_zh.clone(), c.title_en.clone());
    view! {
        <section class="card coupon" class:inactive=status != CouponStatus::Active data-status=format!("{status:?}").to_lowercase()>
            <div class="coupon-value">{c.value_fen.map(format_yuan)}</div>
            <div>
                <h3>{move || if locale.get() == Locale::Zh { zh.clone() } else { en.clone() }}</h3>
                <p class="muted small">
                    {move || match c.min_order_fen {
                        Some(min) => fill(lo().min_order, &[&format_yuan(min)]),
                        None if c.value_fen.is_some() => lo().no_threshold.to_string(),
                        None => String::new(),
                    }}
                </p>
                <p class="small">{move || fill(lo().valid_until, &[&date(locale.get(), c.valid_until)])}</p>
                <span class="badge">{move || lo().coupon_status.of(status)}</span>
                // Health services are booked with the pharmacy, not spent at a checkout.
                {(status == CouponStatus::Active && c.kind != "health_service").then(|| view! {
                    <crate::components::CheckoutButton page=api::host::NativePage::CheckoutCoupon(c.id.clone()) coupon=true/>
                })}
            </div>
        </section>
    }
}
