//! Reports every staff role may read (aggregates, no member in them): the NPS with its monthly
//! trend drawn as an SVG chart, and review times per day.
use api::staff::ReviewDay;
use api::surveys::{MonthScore, Report};
use leptos::prelude::*;

use super::{calls, span, use_staff_strings};
use crate::components::remote;
use crate::i18n::fill;
use crate::prefs::use_prefs;

#[component]
pub fn Reports() -> impl IntoView {
    let nps = LocalResource::new(calls::nps_report);
    let times = LocalResource::new(calls::review_times);
    view! {
        <div class="staff-reports">
            {remote(nps, |r| view! { <NpsCard report=r/> })}
            {remote(times, |days| view! { <ReviewTimes days/> })}
        </div>
    }
}

#[component]
fn NpsCard(report: Report) -> impl IntoView {
    let t = use_staff_strings();
    let score = report.nps.map_or("—".to_string(), |n| n.to_string());
    let responses = report.responses.to_string();
    view! {
        <section class="card" data-testid="nps-report">
            <h2 class="section-title">{move || t().nps}</h2>
            <p class="big-number" data-testid="nps-score">{score}</p>
            <p class="muted">{move || fill(t().responses, &[&responses])}</p>
            <h3>{move || t().trend}</h3>
            <TrendChart trend=report.trend/>
        </section>
    }
}

/// Bars from the zero line (NPS runs −100…100), the score above each bar and the month below.
#[component]
fn TrendChart(trend: Vec<MonthScore>) -> impl IntoView {
    let t = use_staff_strings();
    if trend.is_empty() {
        return view! { <p class="muted">{move || t().no_data}</p> }.into_any();
    }
    const BAR: f64 = 56.0;
    const HALF: f64 = 80.0; // px for 100 points
    const TOP: f64 = 24.0;
    let width = BAR * trend.len() as f64 + 16.0;
    let zero = TOP + HALF;
    let height = zero + HALF + 40.0;
    let label = trend
        .iter()
        .map(|m| format!("{} {}", m.month, m.score.map_or("—".into(), |s| s.to_string())))
        .collect::<Vec<_>>()
        .join(", ");
    let bars = trend
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let score = m.score.unwrap_or(0) as f64;
            let x = 8.0 + BAR * i as f64 + 8.0;
            let h = (score.abs() / 100.0 * HALF).max(1.0);
            let y = if score >= 0.0 { zero - h } else { zero };
            let text_y = if score >= 0.0 { y - 6.0 } else { y + h + 16.0 };
            let class = if score >= 0.0 { "bar up" } else { "bar down" };
            view! {
                <g data-month=m.month.clone() data-score=m.score.map(|s| s.to_string())>
                    <rect class=class x=x y=y width=BAR - 16.0 height=h rx="3"/>
                    <text class="value" x=x + (BAR - 16.0) / 2.0 y=text_y text-anchor="middle">
                        {m.score.map_or("—".into(), |s| s.to_string())}
                    </text>
                    <text class="month" x=x + (BAR - 16.0) / 2.0 y=height - 8.0 text-anchor="middle">{m.month[5..].to_string()}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="staff-chart" role="img" aria-label=label viewBox=format!("0 0 {width} {height}")
            width=width height=height data-testid="nps-chart">
            <line class="axis" x1="0" x2=width y1=zero y2=zero/>
            {bars}
        </svg>
    }
    .into_any()
}

#[component]
fn ReviewTimes(days: Vec<ReviewDay>) -> impl IntoView {
    let t = use_staff_strings();
    let locale = use_prefs().locale;
    view! {
        <section class="card" data-testid="review-times">
            <h2 class="section-title">{move || t().review_times}</h2>
            {if days.is_empty() {
                view! { <p class="muted">{move || t().no_data}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table>
                        <thead><tr>
                            <th scope="col">{move || t().day}</th><th scope="col">{move || t().decided_count}</th>
                            <th scope="col">{move || t().median}</th><th scope="col">{move || t().p90}</th>
                            <th scope="col">{move || t().within_target}</th>
                        </tr></thead>
                        <tbody>
                            {days.into_iter().rev().map(|d| view! {
                                <tr>
                                    <td>{d.day.clone()}</td><td>{d.decided}</td>
                                    <td>{move || span(locale.get(), d.median_secs)}</td>
                                    <td>{move || span(locale.get(), d.p90_secs)}</td>
                                    <td>{format!("{}/{}", d.within_target, d.decided)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}
