//! 问药师: ask a question, and the questions asked with the pharmacists' replies.
use api::health::Consultation;
use leptos::prelude::*;

use super::strings::use_health_strings;
use crate::client;
use crate::components::AskForm;
use crate::components::{remote, Empty};
use crate::format::{clock, date, moment};
use crate::i18n::fill;
use crate::prefs::use_prefs;

#[component]
pub fn ConsultPage() -> impl IntoView {
    let h = use_health_strings();
    let mine = LocalResource::new(client::consultations);
    view! {
        <h1>{move || h().ask_title}</h1>
        <section class="card">
            <AskForm on_sent=move |_| mine.refetch()/>
        </section>
        <section aria-labelledby="my-questions">
            <h2 id="my-questions">{move || h().my_questions}</h2>
            {remote(mine, move |items| {
                if items.is_empty() {
                    return view! { <Empty message=Signal::derive(move || h().no_questions.to_string())/> }.into_any();
                }
                view! {
                    <ul class="feedback-list" data-testid="my-questions">
                        {items.into_iter().map(|c| view! { <li><Item c/></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </section>
    }
}

#[component]
fn Item(c: Consultation) -> impl IntoView {
    let h = use_health_strings();
    let locale = use_prefs().locale;
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let due = c.reply_due_at;
    view! {
        <article class="card feedback-item" data-testid="question">
            <p class="muted small">{move || moment(locale.get(), c.created_at, now)}</p>
            // Shown as typed, as text.
            <p class="feedback-text">{c.question}</p>
            {match c.reply {
                Some(reply) => view! {
                    <div class="reply" data-testid="pharmacist-reply">
                        <p class="small"><strong>{move || h().pharmacist_reply}</strong></p>
                        <p class="feedback-text">{reply}</p>
                    </div>
                }.into_any(),
                None => view! {
                    <p class="muted">{move || fill(h().waiting, &[&format!("{} {}", date(locale.get(), due), clock(due))])}</p>
                }.into_any(),
            }}
        </article>
    }
}
