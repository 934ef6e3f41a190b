//! Feedback: the form (category, text, "affects my health", optional photo) with the reply
//! time promised, and "My feedback" with status and replies.
use api::feedback::{Feedback, Status};
use leptos::prelude::*;

use crate::client;
use crate::components::{remote, Empty};
use crate::format::{date, moment};
use crate::i18n::{fill, Locale};
use crate::prefs::use_prefs;

mod form;
mod strings;

use form::FeedbackForm;
use strings::use_feedback_strings;

/// Date and time as members read a deadline.
fn when(locale: Locale, unix_secs: i64) -> String {
    format!("{} {}", date(locale, unix_secs), crate::format::clock(unix_secs))
}

#[component]
pub fn FeedbackPage() -> impl IntoView {
    let f = use_feedback_strings();
    let mine = LocalResource::new(client::my_feedback);
    view! {
        <h1>{move || f().title}</h1>
        <FeedbackForm on_sent=move |_| mine.refetch()/>
        <section aria-labelledby="my-feedback">
            <h2 id="my-feedback">{move || f().mine}</h2>
            {remote(mine, move |items| {
                if items.is_empty() {
                    return view! { <Empty message=Signal::derive(move || f().none.to_string())/> }.into_any();
                }
                view! {
                    <ul class="feedback-list" data-testid="my-feedback">
                        {items.into_iter().map(|item| view! { <li><Item item/></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </section>
    }
}

#[component]
fn Item(item: Feedback) -> impl IntoView {
    let f = use_feedback_strings();
    let locale = use_prefs().locale;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let Feedback { id, category, status, text, has_photo, created_at, reply_due, replies, .. } = item;
    let open = status == Status::Open;
    let overdue = open && now > reply_due;
    view! {
        <article class="card feedback-item">
            <p class="row">
                <strong>{move || f().categories.of(category)}</strong>
                <span class=if open { "badge" } else { "badge done" }>{move || f().status.of(status)}</span>
            </p>
            <p class="muted small">{move || moment(locale.get(), created_at, now)}</p>
            // Shown exactly as typed, as text: markup in it is just characters.
            <p class="feedback-text">{text}</p>
            {has_photo.then(|| view! {
                <img class="feedback-photo" src=client::feedback_photo_url(&id) alt=move || f().photo_alt loading="lazy"/>
            })}
            {open.then(|| if overdue {
                view! { <p class="notice">{move || f().overdue}</p> }.into_any()
            } else {
                view! { <p class="muted">{move || fill(f().reply_by, &[&when(locale.get(), reply_due)])}</p> }.into_any()
            })}
            {replies.into_iter().map(|r| {
                let author = r.author;
                view! {
                <div class="reply">
                    <p class="small"><strong>{move || fill(f().reply_from, &[&author])}</strong>" "
                        <span class="muted">{move || moment(locale.get(), r.created_at, now)}</span></p>
                    <p class="feedback-text">{r.text}</p>
                </div>
                }
            }).collect_view()}
        </article>
    }
}
