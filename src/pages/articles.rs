//! Articles: pharmacist-written health reading, newest first.
use leptos::prelude::*;

use crate::client;
use crate::components::{remote, Empty};
use crate::format::date;
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};

#[component]
pub fn ArticlesPage() -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let list = LocalResource::new(move || client::articles(locale.get().tag()));
    view! {
        <h1>{move || s().articles_title}</h1>
        {remote(list, move |items| {
            if items.is_empty() {
                return view! { <Empty message=Signal::derive(move || s().articles_none.to_string())/> }.into_any();
            }
            items.into_iter().map(|a| {
                let minutes = a.reading_minutes.to_string();
                view! {
                    <article class="card">
                        <p class="tags">{a.tags.into_iter().map(|t| view! { <span class="chip">{t}</span> }).collect_view()}</p>
                        <h3 class="article-title">{a.title}</h3>
                        <p>{a.summary}</p>
                        <p class="muted small">
                            {a.author}" · "{move || date(locale.get(), a.published_at)}" · "
                            {move || fill(s().reading_minutes, &[&minutes])}
                        </p>
                    </article>
                }
            }).collect_view().into_any()
        })}
    }
}
