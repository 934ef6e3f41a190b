//! Rewards: the catalogue, a confirm step showing the balance afterwards, and the result.
//! One idempotency key per intended redemption, reused on retry: a retry after a dropped
//! connection can never charge twice.
use api::error::codes;
use api::rewards::{RedeemResponse, Reward};
use leptos::prelude::*;
use leptos_router::components::A;

use super::strings::{use_loyalty_strings, LoyaltyStrings};
use crate::client::{self, ApiError};
use crate::components::remote;
use crate::format::{date, number};
use crate::i18n::{fill, Locale, Strings};
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;

#[derive(Clone)]
enum Step {
    Confirm,
    Pending,
    Done(RedeemResponse),
    /// The message, and whether retrying (with the same key) makes sense.
    Failed(&'static str, bool),
}

fn failure(s: &Strings, lo: &LoyaltyStrings, e: &ApiError) -> (&'static str, bool) {
    match e.code() {
        None => (lo.redeem_offline, true),
        Some(codes::INSUFFICIENT_POINTS) => (lo.err_insufficient, false),
        Some(codes::OUT_OF_STOCK) => (lo.err_out_of_stock, false),
        Some(codes::LIMIT_REACHED) => (lo.err_limit, false),
        Some(_) => (s.error_body, true),
    }
}

fn name(locale: Locale, r: &Reward) -> String {
    if locale == Locale::Zh {
        r.name_zh.clone()
    } else {
        r.name_en.clone()
    }
}

#[component]
pub fn RewardsPage() -> impl IntoView {
    let (s, lo) = (use_strings(), use_loyalty_strings());
    let locale = use_prefs().locale;
    let catalogue = LocalResource::new(client::rewards);
    let summary = LocalResource::new(client::points);
    let balance = move || summary.get().and_then(Result::ok).map(|p| p.balance);
    let open = RwSignal::new(None::<(Reward, String)>);
    let step = RwSignal::new(Step::Confirm);

    let start = move |r: Reward| {
        step.set(Step::Confirm);
        open.set(Some((r, client::idempotency_key())));
    };
    let offer_survey = crate::pages::survey::use_offer();
    let submit = move || {
        let Some((reward, key)) = open.get_untracked() else { return };
        if matches!(step.get_untracked(), Step::Pending | Step::Done(_)) {
            return; // a double tap sends nothing more
        }
        step.set(Step::Pending);
        leptos::task::spawn_local(async move {
            match client::redeem(&reward.id, &key).await {
                Ok(done) => {
                    step.set(Step::Done(done));
                    offer_survey(api::surveys::Moment::RewardRedeemed);
                    catalogue.refetch();
                    summary.refetch();
                }
                Err(e) => {
                    let (msg, retry) = failure(s(), lo(), &e);
                    step.set(Step::Failed(msg, retry));
                }
            }
        });
    };

    view! {
        <h1>{move || lo().rewards_title}</h1>
        <p class="muted" data-testid="rewards-balance">
            {move || balance().map(|b| format!("{} {} {}", s().points_title, number(b), s().points_unit))}
        </p>
        {remote(catalogue, move |items| {
            items.into_iter().map(|r| {
                let sold_out = r.stock.is_some_and(|n| n <= 0);
                let at_limit = r.per_member_limit.is_some_and(|l| r.redeemed_by_me >= l);
                let short = move || balance().map(|b| r.points_cost - b).filter(|d| *d > 0);
                let (r_view, r_click) = (r.clone(), r.clone());
                let (desc_zh, desc_en) = (r.description_zh.clone(), r.description_en.clone());
                view! {
                    <section class="card reward" data-reward=r.id.clone()>
                        <h3>{move || name(locale.get(), &r_view)}</h3>
                        <p class="muted">{move || if locale.get() == Locale::Zh { desc_zh.clone() } else { desc_en.clone() }}</p>
                        <p class="cost">{move || fill(lo().points_cost, &[&number(r.points_cost)])}</p>
                        <p class="muted small">
                            {move || {
                                let stock = match r.stock {
                                    Some(n) if n <= 0 => Some(lo().sold_out.to_string()),
                                    Some(n) => Some(fill(lo().stock_left, &[&n.to_string()])),
                                    None => None,
                                };
                                let limit = r.per_member_limit
                                    .map(|l| fill(lo().limit_info, &[&l.to_string(), &r.redeemed_by_me.to_string()]));
                                stock.into_iter().chain(limit).collect::<Vec<_>>().join(" · ")
                            }}
                        </p>
                        <button class="button primary" disabled=move || sold_out || at_limit || short().is_some()
                            on:click=move |_| start(r_click.clone())>
                            {move || match short() {
                                Some(d) if !sold_out && !at_limit => fill(lo().need_more, &[&number(d)]),
                                _ if sold_out => lo().sold_out.to_string(),
                                _ => lo().redeem.to_string(),
                            }}
                        </button>
                    </section>
                }
            }).collect_view()
        })}
        {move || open.get().map(|(reward, _)| {
            let cost = reward.points_cost;
            let title = name(locale.get_untracked(), &reward);
            view! {
                <div class="sheet-backdrop">
                    <div class="sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title">
                        {move || match step.get() {
                            Step::Done(done) => {
                                let until = date(locale.get(), done.coupon.valid_until);
                                let t = title.clone();
                                view! {
                                    <h2 id="sheet-title">{move || lo().redeemed_title}</h2>
                                    <p role="status">{move || fill(lo().redeemed_body, &[&t, &until])}</p>
                                    <A href=Page::Wallet.path() attr:class="button primary">{move || lo().view_coupons}</A>
                                    <button class="button secondary" on:click=move |_| open.set(None)>{move || s().close}</button>
                                }.into_any()
                            }
                            current => {
                                let pending = matches!(current, Step::Pending);
                                let failed = match current { Step::Failed(m, r) => Some((m, r)), _ => None };
                                let can_retry = failed.is_none_or(|(_, r)| r);
                                let after = balance().map(|b| number(b - cost)).unwrap_or_default();
                                let t = title.clone();
                                view! {
                                    <h2 id="sheet-title">{move || lo().confirm_title}</h2>
                                    <p>{move || fill(lo().confirm_body, &[&number(cost), &t])}</p>
                                    <p class="muted">{move || fill(lo().balance_after, &[&after])}</p>
                                    {failed.map(|(m, _)| view! { <p class="form-error" role="alert">{m}</p> })}
                                    <Show when=move || can_retry>
                                        <button class="button primary" disabled=pending on:click=move |_| submit()>
                                            {move || if failed.is_some() { s().retry } else { lo().confirm }}
                                        </button>
                                    </Show>
                                    <button class="button secondary" disabled=pending on:click=move |_| open.set(None)>{move || s().cancel}</button>
                                }.into_any()
                            }
                        }}
                    </div>
                </div>
            }
        })}
    }
}
