//! The medicines on the schedule with adherence and supply; one medicine's details; and the
//! ways to be reminded (phone calendar, notifications, WeChat subscription).
use api::schedule::adherence::Ratio;
use api::schedule::{dose_label, Medication, ScheduleView, Timing};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::strings::{use_schedule_strings, ScheduleStrings};
use super::{with_schedule, ScheduleHeader};
use crate::format::date;
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;
use crate::schedule_sync::use_schedule;

fn percent(r: Ratio, sc: &ScheduleStrings) -> String {
    r.percent().map(|p| format!("{p}%")).unwrap_or_else(|| sc.adherence_none.to_string())
}

/// "每天 08:00、20:00" / "Every day 08:00, 20:00", "周一、周四 09:00", "每 8 小时一次（首次 06:00）".
fn timing_text(m: &Medication, sc: &ScheduleStrings) -> String {
    match &m.spec.timing {
        Timing::Times { times } => {
            let sep = if sc.every_day == "每天" { "、" } else { ", " };
            let days = if m.spec.days.is_empty() {
                sc.every_day.to_string()
            } else {
                m.spec.days.iter().map(|d| sc.weekdays[(*d as usize).clamp(1, 7) - 1]).collect::<Vec<_>>().join(sep)
            };
            format!("{days} {}", times.join(sep))
        }
        Timing::Interval { every_hours, first } => fill(sc.every_hours, &[&every_hours.to_string(), first]),
        Timing::AsNeeded => sc.as_needed.to_string(),
    }
}

#[component]
pub fn MedicinesPage() -> impl IntoView {
    let s = use_strings();
    let sync = use_schedule();
    view! {
        <ScheduleHeader/>
        {with_schedule(sync, move |view| view! { <Adherence view=view.clone()/> <MedicineList view=view.clone()/> })}
        <A href=Page::AddMedicine.path() attr:class="button primary block" attr:data-testid="add-medicine">{move || s().add_medicine}</A>
        <A href=Page::MedicineSearch.path() attr:class="button secondary block">{move || crate::pages::health::use_health_strings()().search_link}</A>
        <RemindMe/>
    }
}

/// Reads the adherence live: it changes with every synced dose.
#[component]
fn Adherence(view: ScheduleView) -> impl IntoView {
    let sc = use_schedule_strings();
    let sync = use_schedule();
    let a = Memo::new(move |_| {
        sync.synced.with(|x| x.as_ref().map(|x| x.view.adherence.clone())).unwrap_or(view.adherence.clone())
    });
    view! {
        <section class="card adherence" data-testid="adherence">
            <h2 class="card-label">{move || sc().adherence_title}</h2>
            <div class="stats">
                <p><span class="big">{move || percent(a.get().last_7, sc())}</span><span class="muted small block">{move || sc().adherence_7}</span></p>
                <p><span class="big">{move || percent(a.get().last_30, sc())}</span><span class="muted small block">{move || sc().adherence_30}</span></p>
            </div>
        </section>
    }
}

#[component]
fn MedicineList(view: ScheduleView) -> impl IntoView {
    let sc = use_schedule_strings();
    view.medications
        .into_iter()
        .map(|m| {
            let week = view.adherence.per_medication.iter().find(|a| a.medication_id == m.id).map(|a| a.last_7).unwrap_or_default();
            let href = Page::medication(&m.id);
            let m2 = m.clone();
            view! {
                <A href=href attr:class="card med link-card" attr:data-testid="medicine">
                    <h3>{m.spec.name.clone()}<span class="muted small">" "{m.spec.strength.clone()}</span></h3>
                    <p>{dose_label(m.spec.dose_amount, &m.spec.dose_unit)}" · "{move || timing_text(&m2, sc())}</p>
                    <p class="muted small">
                        {move || sc().adherence_7}" "{move || percent(week, sc())}
                        {m.supply.as_ref().map(|sup| { let d = sup.days_left; view! { " · "{move || fill(sc().days_left, &[&d.to_string()])} } })}
                    </p>
                    {m.spec.storage_note.clone().map(|n| view! { <p class="note storage"><strong>{move || sc().storage}": "</strong>{n}</p> })}
                </A>
            }
        })
        .collect_view()
}

/// Calendar file, system notifications, and the mini-program's subscription page.
#[component]
fn RemindMe() -> impl IntoView {
    let sc = use_schedule_strings();
    let prefs = use_prefs();
    let permission = RwSignal::new(crate::reminders::notifications_supported().then(web_sys::Notification::permission));
    let ask = move |_| {
        if let Ok(p) = web_sys::Notification::request_permission() {
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                permission.set(Some(web_sys::Notification::permission()));
            });
        }
    };
    view! {
        <section class="card remind">
            <a class="button secondary block" href=move || crate::client::calendar_url(prefs.locale.get().tag()) download="schedule.ics"
                data-testid="ics-link">{move || sc().ics_download}</a>
            <CalendarFeed/>
            {crate::bridge::is_mini_program().then(|| view! {
                <button class="button secondary block" on:click=move |_| { crate::bridge::navigate_to(&api::host::NativePage::SubscribeReminders); }>
                    {move || sc().subscribe_wechat}
                </button>
            })}
            {move || match permission.get() {
                Some(web_sys::NotificationPermission::Granted) => view! { <p class="muted small">{move || sc().notify_on}</p> }.into_any(),
                Some(web_sys::NotificationPermission::Denied) => view! { <p class="muted small">{move || sc().notify_blocked}</p> }.into_any(),
                Some(_) => view! { <button class="button secondary block" on:click=ask>{move || sc().notify_enable}</button> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// The private subscription link: a calendar app keeps polling it, so changes to the
/// schedule reach the phone's reminders without re-importing.
#[component]
fn CalendarFeed() -> impl IntoView {
    let (s, sc) = (use_strings(), use_schedule_strings());
    let link = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let explain = move |e: crate::client::ApiError| {
        let st = s();
        if e == crate::client::ApiError::Offline { st.needs_network } else { st.error_body }.to_string()
    };
    let create = move |_| {
        leptos::task::spawn_local(async move {
            match crate::client::create_feed().await {
                Ok(f) => {
                    let host = window().location().host().unwrap_or_default();
                    link.set(Some(format!("webcal://{host}{}", f.path)));
                    note.set(None);
                }
                Err(e) => note.set(Some(explain(e))),
            }
        });
    };
    let stop = move |_| {
        leptos::task::spawn_local(async move {
            match crate::client::delete_feed().await {
                Ok(()) => {
                    link.set(None);
                    note.set(Some(sc().feed_stopped.to_string()));
                }
                Err(e) => note.set(Some(explain(e))),
            }
        });
    };
    view! {
        {move || match link.get() {
            None => view! {
                <button class="button secondary block" on:click=create data-testid="feed-create">{move || sc().feed_create}</button>
            }.into_any(),
            Some(url) => view! {
                <a class="button primary block" href=url data-testid="feed-link">{move || sc().feed_open}</a>
                <p class="muted small">{move || sc().feed_private}</p>
                <button class="button secondary block" on:click=stop>{move || sc().feed_stop}</button>
            }.into_any(),
        }}
        {move || note.get().map(|n| view! { <p class="muted small" role="status">{n}</p> })}
    }
}

#[component]
pub fn MedicationPage() -> impl IntoView {
    let (s, sc) = (use_strings(), use_schedule_strings());
    let prefs = use_prefs();
    let sync = use_schedule();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    view! {
        <A href=Page::Medications.path() attr:class="back-link">{move || sc().back_to_meds}</A>
        {with_schedule(sync, move |view| {
            let Some(m) = view.medications.iter().find(|m| m.id == id()).cloned() else {
                return view! { <crate::pages::NotFoundPage/> }.into_any();
            };
            let mut recent: Vec<_> = view.logs.iter().filter(|l| l.medication_id == m.id).cloned().collect();
            recent.sort_by_key(|l| std::cmp::Reverse(l.at));
            recent.truncate(10);
            let ratio = view.adherence.per_medication.iter().find(|a| a.medication_id == m.id).cloned();
            let m2 = m.clone();
            let edit = Page::edit_medication(&m.id);
            let warnings: Vec<_> = view.warnings.iter().filter(|w| w.medicines.contains(&m.spec.name)).cloned().collect();
            view! {
                <h1>{m.spec.name.clone()}</h1>
                <crate::components::SafetyWarnings warnings/>
                <A href=edit attr:class="button secondary block">{move || sc().edit_medicine}</A>
                <section class="card">
                    <dl class="facts">
                        <dt>{move || sc().supply_label}</dt>
                        <dd>{m.supply.as_ref().map(|x| { let d = x.days_left; move || fill(sc().days_left, &[&d.to_string()]) })}</dd>
                        <dt>{move || sc().schedule_today}</dt>
                        <dd>{dose_label(m.spec.dose_amount, &m.spec.dose_unit)}" · "{move || timing_text(&m2, sc())}</dd>
                        <dt>{move || sc().started_on}</dt>
                        <dd>{m.spec.start_date.clone()}</dd>
                        {m.spec.food_note.clone().map(|n| view! { <dt>{move || sc().how_to_take}</dt><dd>{n}</dd> })}
                        {m.spec.storage_note.clone().map(|n| view! { <dt>{move || sc().storage}</dt><dd class="storage">{n}</dd> })}
                        {ratio.map(|r| view! {
                            <dt>{move || sc().adherence_title}</dt>
                            <dd>{move || sc().adherence_7}" "{move || percent(r.last_7, sc())}" · "{move || sc().adherence_30}" "{move || percent(r.last_30, sc())}</dd>
                        })}
                    </dl>
                </section>
                {m.drug.clone().map(|info| view! { <crate::components::DrugCard info heading=true/> })}
                <h2 class="section-title">{move || sc().recent_doses}</h2>
                {if recent.is_empty() {
                    view! { <p class="card muted">{move || sc().no_recent_doses}</p> }.into_any()
                } else {
                    view! {
                        <ul class="card list">
                            {recent.into_iter().map(|l| {
                                // On the home clock, like the dose times.
                                let tz = view.time_zone.clone();
                                let when = move || {
                                    let locale = prefs.locale.get();
                                    let day = crate::offline::local_date_at(&tz, l.at)
                                        .map(|d| crate::format::day(locale, &d, &sc().weekdays))
                                        .unwrap_or_else(|| date(locale, l.at));
                                    format!("{day} {}", crate::offline::local_time(&tz, l.at))
                                };
                                let taken = l.action == api::schedule::DoseAction::Taken;
                                view! { <li class="list-row">{when}" · "{move || if taken { s().dose_take } else { sc().state_skipped }}</li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }.into_any()
        })}
    }
}
