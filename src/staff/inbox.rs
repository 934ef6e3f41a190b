//! Inboxes: ask-a-pharmacist questions (pharmacists) and feedback (member service), the most
//! overdue first, each answered in place.
use api::feedback::Feedback;
use api::health::Consultation;
use leptos::prelude::*;

use super::{action_error, calls, now_secs, use_staff_strings};
use crate::client::ApiError;
use crate::components::{Empty, ErrorView, Loading};
use crate::i18n::fill;
use crate::prefs::use_prefs;

/// What every inbox shows: loading, the error with retry, "nothing waiting", or the items.
fn inbox<T: Clone + Send + Sync + 'static, V: IntoView + 'static>(
    items: RwSignal<Option<Result<Vec<T>, ApiError>>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    each: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_staff_strings();
    move || match items.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(error)) => view! { <ErrorView error on_retry=move |_| reload()/> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <Empty message=Signal::derive(move || t().inbox_empty.to_string())/> }.into_any()
        }
        Some(Ok(list)) => view! { <ol class="staff-inbox">{list.into_iter().map(each).collect_view()}</ol> }.into_any(),
    }
}

/// "reply by 12-04 14:00", or "overdue".
fn due_line(due: i64) -> impl IntoView {
    let t = use_staff_strings();
    let locale = use_prefs().locale;
    let late = due < now_secs();
    view! {
        <p class="staff-countdown" class:late=late>{move || if late {
            t().overdue.to_string()
        } else {
            fill(t().due, &[&format!("{} {}", crate::format::date(locale.get(), due), crate::format::clock(due))])
        }}</p>
    }
}

/// A reply box: sends once (the button waits), keeps the text when sending fails.
#[component]
fn ReplyBox(
    id: String,
    with_resolve: bool,
    send: fn(String, String, bool) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>,
    on_sent: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_staff_strings();
    let text = RwSignal::new(String::new());
    let resolve = RwSignal::new(with_resolve);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let field = format!("reply-{id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || text.with_untracked(|t| t.trim().is_empty()) {
            return;
        }
        busy.set(true);
        error.set(None);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match send(id, text.get_untracked(), resolve.get_untracked()).await {
                Ok(()) => on_sent(),
                Err(e) => error.set(Some(action_error(t(), &e))),
            }
            busy.set(false);
        })
    };
    view! {
        <form class="form staff-reply" on:submit=submit>
            <label for=field.clone()>{move || t().reply}</label>
            <textarea id=field maxlength="2000" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {with_resolve.then(|| view! {
                <label class="check-chip"><input type="checkbox" prop:checked=move || resolve.get()
                    on:change=move |ev| resolve.set(event_target_checked(&ev))/>{move || t().resolve}</label>
            })}
            <p class="form-error" role="alert">{move || error.get()}</p>
            <button type="submit" class="button primary" disabled=move || busy.get()>{move || t().send_reply}</button>
        </form>
    }
}

#[component]
pub fn Questions() -> impl IntoView {
    let items = RwSignal::new(None::<Result<Vec<Consultation>, ApiError>>);
    let reload = move || leptos::task::spawn_local(async move { items.set(Some(calls::consultations().await)) });
    reload();
    let each = move |c: Consultation| {
        view! {
            <li class="card staff-item-card" data-id=c.id.clone()>
                {due_line(c.reply_due_at)}
                <p class="staff-question">{c.question.clone()}</p>
                {(!c.medicines.is_empty()).then(|| view! { <p class="muted">{c.medicines.join("、")}</p> })}
                {c.warning.clone().map(|w| view! { <p class="warning">{w}</p> })}
                <ReplyBox id=c.id.clone() with_resolve=false on_sent=reload send=|id, text, _| Box::pin(async move {
                    calls::reply_consultation(&id, &text).await.map(|_| ())
                })/>
            </li>
        }
    };
    inbox(items, reload, each)
}

#[component]
pub fn FeedbackInbox() -> impl IntoView {
    let items = RwSignal::new(None::<Result<Vec<Feedback>, ApiError>>);
    let reload = move || leptos::task::spawn_local(async move { items.set(Some(calls::feedback().await)) });
    reload();
    let t = use_staff_strings();
    let each = move |f: Feedback| {
        view! {
            <li class="card staff-item-card" data-id=f.id.clone()>
                {due_line(f.reply_due)}
                <p><span class="chip">{move || t().category(f.category)}</span>
                    {f.major.then(|| view! { " " <span class="chip pending">"!"</span> })}</p>
                <p class="staff-question">{f.text.clone()}</p>
                {f.has_photo.then(|| view! {
                    <img class="staff-photo" src=calls::feedback_photo_url(&f.id) alt=move || t().photo_alt loading="lazy"/>
                })}
                <ReplyBox id=f.id.clone() with_resolve=true on_sent=reload send=|id, text, resolve| Box::pin(async move {
                    calls::reply_feedback(&id, &text, resolve).await
                })/>
            </li>
        }
    };
    inbox(items, reload, each)
}
