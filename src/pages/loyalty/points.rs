//! Points: balance, what expires soon, and the full history with filters, a page at a time.
use api::points::{LedgerEntry, LedgerFilter};
use leptos::prelude::*;
use leptos_router::components::A;

use super::strings::use_loyalty_strings;
use crate::client::{self, ApiError};
use crate::components::{remote, Empty, ErrorView};
use crate::format::{date, number};
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;

#[component]
pub fn PointsPage() -> impl IntoView {
    let (s, lo) = (use_strings(), use_loyalty_strings());
    let locale = use_prefs().locale;
    let summary = LocalResource::new(client::points);
    view! {
        <h1>{move || s().points_title}</h1>
        {remote(summary, move |p| view! {
            <section class="card">
                <p class="big-number" data-testid="points-balance">{number(p.balance)}<small>" "{move || s().points_unit}</small></p>
                {p.expiring.map(|e| view! {
                    <p class="warning">{move || fill(s().points_expiring, &[&number(e.points), &date(locale.get(), e.at)])}</p>
                })}
            </section>
        })}
        <nav class="actions" aria-label="points">
            <A href=Page::Rewards.path() attr:class="button primary">{move || lo().redeem_rewards}</A>
            <A href=Page::Wallet.path() attr:class="button secondary">{move || s().my_coupons}</A>
        </nav>
        <p class="center"><A href=Page::PointsRules.path()>{move || lo().points_rules_link}</A></p>
        <h2>{move || lo().ledger_title}</h2>
        <Ledger/>
    }
}

/// The ledger with filter chips and "load more" (cursor pagination).
#[component]
fn Ledger() -> impl IntoView {
    let (s, lo) = (use_strings(), use_loyalty_strings());
    let locale = use_prefs().locale;
    let filter = RwSignal::new(LedgerFilter::All);
    let entries = RwSignal::new(Vec::<LedgerEntry>::new());
    let next = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let load = move |fresh: bool| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        error.set(None);
        let (f, cursor) = (filter.get_untracked(), if fresh { None } else { next.get_untracked() });
        leptos::task::spawn_local(async move {
            match client::ledger(f, cursor).await {
                Ok(page) => {
                    entries.update(|e| {
                        if fresh {
                            e.clear();
                        }
                        e.extend(page.entries);
                    });
                    next.set(page.next_cursor);
                    loaded.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    load(true);

    let chip = move |f: LedgerFilter| {
        view! {
            <button type="button" class="chip-button" aria-pressed=move || (filter.get() == f).to_string()
                disabled=move || loading.get()
                on:click=move |_| {
                    if filter.get_untracked() != f {
                        filter.set(f);
                        load(true);
                    }
                }>
                {move || lo().filter_labels.of(f)}
            </button>
        }
    };
    view! {
        <div class="chips" role="group">
            {chip(LedgerFilter::All)}
            {chip(LedgerFilter::Earned)}
            {chip(LedgerFilter::Spent)}
            {chip(LedgerFilter::Expired)}
        </div>
        <Show when=move || loaded.get() && entries.with(Vec::is_empty) && error.with(Option::is_none)>
            <Empty message=Signal::derive(move || lo().points_none.to_string())/>
        </Show>
        <Show when=move || entries.with(|e| !e.is_empty())>
            <ul class="list card" data-testid="ledger">
                <For each=move || entries.get() key=|e| e.id.clone() let:e>
                    <li class="list-row">
                        <div>
                            <p>{move || lo().ledger_kinds.of(&e.kind)}</p>
                            <p class="muted small">{e.description.clone()}" · "{move || date(locale.get(), e.created_at)}</p>
                        </div>
                        <p class={if e.points >= 0 { "amount plus" } else { "amount minus" }}>
                            {if e.points >= 0 { format!("+{}", number(e.points)) } else { number(e.points) }}
                        </p>
                    </li>
                </For>
            </ul>
        </Show>
        {move || error.get().map(|e| view! { <ErrorView error=e on_retry=move |_| load(!loaded.get_untracked())/> })}
        <Show when=move || next.with(Option::is_some)>
            <button class="button secondary" on:click=move |_| load(false) disabled=move || loading.get()>
                {move || if loading.get() { s().loading } else { s().load_more }}
            </button>
        </Show>
        <Show when=move || loaded.get() && next.with(Option::is_none) && entries.with(|e| !e.is_empty())>
            <p class="muted center small">{move || lo().ledger_end}</p>
        </Show>
    }
}
