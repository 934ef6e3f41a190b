//! Points: balance, what expires soon, recent activity.
use leptos::prelude::*;

use crate::client;
use crate::components::{remote, Empty};
use crate::format::{date, number};
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};

#[component]
pub fn PointsPage() -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let points = LocalResource::new(client::points);
    view! {
        <h1>{move || s().points_title}</h1>
        {remote(points, move |p| view! {
            <section class="card">
                <p class="big-number" data-testid="points-balance">{number(p.balance)}<small>" "{move || s().points_unit}</small></p>
                {p.expiring.map(|e| view! {
                    <p class="warning">{move || fill(s().points_expiring, &[&number(e.points), &date(locale.get(), e.at)])}</p>
                })}
            </section>
            <h2>{move || s().points_recent}</h2>
            {if p.recent.is_empty() {
                view! { <Empty message=Signal::derive(move || s().points_none.to_string())/> }.into_any()
            } else {
                view! {
                    <ul class="list card">
                        {p.recent.into_iter().map(|e| view! {
                            <li class="list-row">
                                <div>
                                    <p>{e.description}</p>
                                    <p class="muted small">{move || date(locale.get(), e.created_at)}</p>
                                </div>
                                <p class={if e.points >= 0 { "amount plus" } else { "amount minus" }}>
                                    {if e.points >= 0 { format!("+{}", number(e.points)) } else { number(e.points) }}
                                </p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        })}
    }
}
