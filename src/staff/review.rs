//! The pharmacist's review queue: oldest first with the 5-minute countdown, polled for new
//! prescriptions; opening one claims it, shows the pages (zoom, rotate) beside the recognised
//! fields and the safety warnings, and takes the decision.
use std::time::Duration;

use api::prescriptions::{Decision, Field, RejectionCode};
use api::staff::{Claimed, QueueItem, REVIEW_TARGET_SECS};
use leptos::prelude::*;

use super::{action_error, calls, now_secs, span, use_staff_strings};
use crate::client::ApiError;
use crate::components::{Empty, ErrorView, Loading};
use crate::i18n::fill;
use crate::prefs::use_prefs;

/// A page's long side on screen at zoom 1.
const PAGE_PX: f64 = 640.0;

/// How often an open review renews its claim (well inside the lease).
const RENEW_EVERY: Duration = Duration::from_secs(api::staff::CLAIM_LEASE_SECS as u64 / 3);

/// How often the queue is fetched again (new prescriptions, other pharmacists' claims).
const POLL: Duration = Duration::from_secs(10);

const REASONS: [RejectionCode; 6] = [
    RejectionCode::Unreadable,
    RejectionCode::Expired,
    RejectionCode::MissingPatient,
    RejectionCode::MissingDirections,
    RejectionCode::UnknownDrug,
    RejectionCode::Other,
];

#[component]
pub fn ReviewQueue() -> impl IntoView {
    let items = RwSignal::new(None::<Result<Vec<QueueItem>, ApiError>>);
    let open = RwSignal::new(None::<Claimed>);
    let now = RwSignal::new(now_secs());
    let refresh = move || leptos::task::spawn_local(async move { items.set(Some(calls::queue().await)) });
    refresh();
    let poll = set_interval_with_handle(refresh, POLL).ok();
    let tick = set_interval_with_handle(move || now.set(now_secs()), Duration::from_secs(1)).ok();
    on_cleanup(move || {
        poll.into_iter().chain(tick).for_each(|h| h.clear());
    });
    let closed = move || {
        open.set(None);
        refresh();
    };
    view! {
        {move || match open.get() {
            Some(claimed) => view! { <ReviewPane claimed now on_done=closed/> }.into_any(),
            None => match items.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error on_retry=move |_| refresh()/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    let t = use_staff_strings();
                    view! { <Empty message=Signal::derive(move || t().queue_empty.to_string())/> }.into_any()
                }
                Some(Ok(list)) => view! { <QueueList list now open/> }.into_any(),
            },
        }}
    }
}

#[component]
fn QueueList(list: Vec<QueueItem>, now: RwSignal<i64>, open: RwSignal<Option<Claimed>>) -> impl IntoView {
    let t = use_staff_strings();
    let locale = use_prefs().locale;
    let error = RwSignal::new(None::<String>);
    view! {
        <p class="form-error" role="alert">{move || error.get()}</p>
        <ol class="staff-queue" data-testid="review-queue">
            {list.into_iter().map(|item| {
                let id = item.card.id.clone();
                let submitted = item.submitted_at;
                let held = item.claimed_by.clone();
                let waited = move || now.get() - submitted;
                let late = move || waited() > REVIEW_TARGET_SECS;
                let claim = move |_| {
                    let id = id.clone();
                    leptos::task::spawn_local(async move {
                        match calls::claim(&id).await {
                            Ok(c) => open.set(Some(c)),
                            Err(e) => error.set(Some(action_error(t(), &e))),
                        }
                    })
                };
                view! {
                    <li class="staff-item" class:late=late data-id=item.card.id.clone()>
                        <div>
                            <strong>{item.card.drugs.join("、")}</strong>
                            <p class="muted">{move || fill(t().waiting, &[&span(locale.get(), waited())])}</p>
                            <p class="staff-countdown" class:late=late>{move || if late() {
                                t().target_missed.to_string()
                            } else {
                                fill(t().target_left, &[&span(locale.get(), REVIEW_TARGET_SECS - waited())])
                            }}</p>
                            {held.clone().map(|name| view! { <p class="chip pending">{move || fill(t().held_by, &[&name])}</p> })}
                        </div>
                        <button type="button" class="button primary" disabled=held.is_some() on:click=claim>{move || t().open}</button>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// One field, highlighted when doubtful, with the other reading OCR offered.
#[component]
fn FieldView(label: &'static str, field: Field) -> impl IntoView {
    let t = use_staff_strings();
    let doubtful = field.is_doubtful();
    view! {
        <div class="staff-field" class:doubtful=doubtful>
            <dt>{label}{doubtful.then(|| view! { " " <span class="chip pending">{move || t().doubtful}</span> })}</dt>
            <dd>{field.value.clone()}
                {field.alternative.clone().map(|other| view! { <span class="muted">" · "{move || fill(t().may_say, &[&other])}</span> })}
            </dd>
        </div>
    }
}

#[component]
fn ReviewPane(
    claimed: Claimed,
    now: RwSignal<i64>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_staff_strings();
    let locale = use_prefs().locale;
    let rx = claimed.prescription;
    let id = rx.id.clone();
    let zoom = RwSignal::new(1.0f64);
    let turn = RwSignal::new(0i32);
    let reason = RwSignal::new(RejectionCode::Unreadable);
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submitted = claimed.submitted_at.unwrap_or(rx.created_at);
    let lease = RwSignal::new(claimed.lease_expires_at);
    // While the page is open the claim is renewed, so a long look does not free it for another.
    let renew = {
        let id = id.clone();
        move || {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match calls::claim(&id).await {
                    Ok(c) => lease.set(c.lease_expires_at),
                    Err(e) => error.set(Some(action_error(t(), &e))),
                }
            })
        }
    };
    let renewal = set_interval_with_handle(renew, RENEW_EVERY).ok();
    on_cleanup(move || renewal.into_iter().for_each(|h| h.clear()));
    let decide = {
        let id = id.clone();
        move |decision: Decision| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match calls::decide(&id, &decision).await {
                    Ok(()) => on_done(),
                    Err(e) => error.set(Some(action_error(t(), &e))),
                }
                busy.set(false);
            })
        }
    };
    let approve = {
        let decide = decide.clone();
        move |_| decide(Decision::Approve)
    };
    let reject = move |_| {
        let note = Some(note.get_untracked()).filter(|n| !n.trim().is_empty());
        decide(Decision::Reject { code: reason.get_untracked(), note })
    };
    let release = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let _ = calls::release(&id).await;
                on_done();
            })
        }
    };
    let fields = rx.fields.clone().unwrap_or_default();
    let lang = move || locale.get().tag();
    view! {
        <section class="staff-review" data-testid="review-pane" data-id=id.clone()>
            <div class="staff-review-bar">
                <button type="button" class="button secondary" on:click=release>{move || t().release}</button>
                <span class="muted">{move || fill(t().waiting, &[&span(locale.get(), now.get() - submitted)])}</span>
                <span class="muted">{move || fill(t().lease, &[&crate::format::clock(lease.get())])}</span>
            </div>
            <div class="staff-review-grid">
                <div class="staff-pages">
                    <div class="staff-tools">
                        <button type="button" class="button secondary" on:click=move |_| zoom.update(|z| *z = (*z + 0.25).min(3.0))>{move || t().zoom_in}</button>
                        <button type="button" class="button secondary" on:click=move |_| zoom.update(|z| *z = (*z - 0.25).max(0.5))>{move || t().zoom_out}</button>
                        <button type="button" class="button secondary" on:click=move |_| turn.update(|r| *r = (*r + 90) % 360)>{move || t().rotate}</button>
                    </div>
                    {rx.pages.iter().map(|p| {
                        let (n, w, h) = (p.n, p.width.max(1) as f64, p.height.max(1) as f64);
                        // The box takes the turned page's size, so scrolling reaches every edge.
                        let size = move || {
                            let dw = PAGE_PX * zoom.get() * w / w.max(h);
                            let dh = dw * h / w;
                            (dw, dh, turn.get() % 180 != 0)
                        };
                        view! {
                            // Scrolls when zoomed: reachable by keyboard too.
                            <div class="staff-page" tabindex="0" role="region" aria-label=move || fill(t().page_n, &[&n.to_string()])>
                                <div class="staff-page-box"
                                    style:width=move || { let (dw, dh, q) = size(); format!("{}px", if q { dh } else { dw }) }
                                    style:height=move || { let (dw, dh, q) = size(); format!("{}px", if q { dw } else { dh }) }>
                                    <img src=calls::page_url(&id, n) alt=move || fill(t().page_n, &[&n.to_string()])
                                        style:width=move || format!("{}px", size().0)
                                        style:height=move || format!("{}px", size().1)
                                        style:transform=move || format!("translate(-50%, -50%) rotate({}deg)", turn.get())/>
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </div>
                <div class="staff-fields">
                    <dl>
                        <FieldView label=t().patient field=fields.patient.clone()/>
                        <FieldView label=t().date field=fields.date.clone()/>
                        <FieldView label=t().hospital field=fields.hospital.clone()/>
                        <FieldView label=t().doctor field=fields.doctor.clone()/>
                    </dl>
                    <h2 class="section-title">{move || t().drugs}</h2>
                    {fields.drugs.iter().map(|d| view! {
                        <dl class="staff-drug">
                            <FieldView label=t().drug_fields.name field=d.name.clone()/>
                            <FieldView label=t().drug_fields.strength field=d.strength.clone()/>
                            <FieldView label=t().drug_fields.dose field=d.dose.clone()/>
                            <FieldView label=t().drug_fields.frequency field=d.frequency.clone()/>
                            <FieldView label=t().drug_fields.route field=d.route.clone()/>
                            <FieldView label=t().drug_fields.quantity field=d.quantity.clone()/>
                        </dl>
                    }).collect_view()}
                    <h2 class="section-title">{move || t().warnings}</h2>
                    {if rx.warnings.is_empty() {
                        view! { <p class="muted">{move || t().no_warnings}</p> }.into_any()
                    } else {
                        rx.warnings.iter().map(|w| {
                            let w = w.clone();
                            let w2 = w.clone();
                            view! {
                                <div class="card safety" role="note">
                                    <strong>{move || w.title.get(lang()).to_string()}</strong>
                                    <p>{move || w2.detail.get(lang()).to_string()}</p>
                                </div>
                            }
                        }).collect_view().into_any()
                    }}
                    <div class="staff-decision">
                        <button type="button" class="button primary" disabled=move || busy.get() on:click=approve>{move || t().approve}</button>
                        <label for="reject-reason">{move || t().reason}</label>
                        <select id="reject-reason" on:change=move |ev| {
                            let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                            reason.set(REASONS[i.min(REASONS.len() - 1)]);
                        }>
                            {REASONS.iter().enumerate().map(|(i, r)| {
                                let r = *r;
                                view! { <option value=i.to_string()>{move || t().reason(r)}</option> }
                            }).collect_view()}
                        </select>
                        <label for="reject-note">{move || t().note}</label>
                        <textarea id="reject-note" maxlength="200" prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        <button type="button" class="button danger" disabled=move || busy.get() on:click=reject>{move || t().reject}</button>
                        <p class="form-error" role="alert">{move || error.get()}</p>
                    </div>
                </div>
            </div>
        </section>
    }
}
