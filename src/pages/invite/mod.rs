//! Bring a friend: the member's invite (code, QR code, share) and who joined through it, and
//! the page an invite link opens, where a friend joins.
use api::referral::{invite_link, Referee, ReferralOverview, JOIN_PATH};
use leptos::prelude::*;

use crate::client;
use crate::components::{remote, Empty, QrCode, ShareButton};
use crate::format::date;
use crate::i18n::fill;
use crate::prefs::use_prefs;

mod join;
mod strings;

pub use join::JoinPage;
pub use strings::{use_invite_strings, InviteStrings};

/// Where the settings screen links to.
pub const INVITE_PATH: &str = "/invite";

#[component]
pub fn InvitePage() -> impl IntoView {
    let overview = LocalResource::new(client::referrals);
    let t = use_invite_strings();
    view! {
        <h1>{move || t().title}</h1>
        {remote(overview, |o| view! { <Invite o/> })}
    }
}

fn yuan(fen: i64) -> String {
    (fen / 100).to_string()
}

#[component]
fn Invite(o: ReferralOverview) -> impl IntoView {
    let t = use_invite_strings();
    let origin = window().location().origin().unwrap_or_default();
    let link = invite_link(&origin, &o.code);
    let path = format!("{JOIN_PATH}?ref={}", o.code);
    let (voucher, qualifying, welcome) = (yuan(o.voucher_fen), yuan(o.qualifying_order_fen), yuan(o.welcome_fen));
    let (earned, cap) = (o.awarded_this_year.to_string(), o.yearly_cap.to_string());
    view! {
        <section class="card invite">
            <p>{move || fill(t().how, &[&qualifying, &voucher])}</p>
            <p class="muted">{move || fill(t().friend_gets, &[&welcome])}</p>
            <p class="card-label">{move || t().your_code}</p>
            <p class="invite-code" data-testid="invite-code">{o.code.clone()}</p>
            <QrCode text=link.clone() label=t().qr_label/>
            <p class="muted small" data-testid="invite-link">{link}</p>
            <ShareButton title=t().share_title path/>
            <p class="muted small">{move || fill(t().this_year, &[&earned, &cap])}</p>
        </section>
        <h2 class="section-title">{move || t().invited}</h2>
        {if o.invited.is_empty() {
            view! { <Empty message=Signal::derive(move || t().none_yet.to_string())/> }.into_any()
        } else {
            view! {
                <ul class="list" data-testid="invited">
                    {o.invited.into_iter().map(|r| view! { <Invited r/> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn Invited(r: Referee) -> impl IntoView {
    let t = use_invite_strings();
    let locale = use_prefs().locale;
    let Referee { phone_masked, joined_at, state, reason } = r;
    view! {
        <li class="list-row">
            <span>{phone_masked}<br/><small class="muted">{move || fill(t().joined, &[&date(locale.get(), joined_at)])}</small></span>
            <span class="chip" class:pending=move || state != api::referral::RewardState::Awarded>
                {move || t().states.of(state)}
                {reason.map(|r| view! { " · "{move || t().reasons.of(r)} })}
            </span>
        </li>
    }
}
