//! Saved (bookmarked) articles, most recently saved first.
use leptos::prelude::*;
use leptos_router::components::A;

use super::strings::use_article_strings;
use super::Card;
use crate::client;
use crate::components::{remote, Empty};
use crate::prefs::use_prefs;
use crate::routes::Page;

#[component]
pub fn SavedArticlesPage() -> impl IntoView {
    let a = use_article_strings();
    let locale = use_prefs().locale;
    let list = LocalResource::new(move || client::bookmarks(locale.get().tag()));
    view! {
        <A href=Page::Articles.path() attr:class="back-link">{move || a().back}</A>
        <h1>{move || a().saved}</h1>
        {remote(list, move |items| {
            if items.is_empty() {
                return view! { <Empty message=Signal::derive(move || a().saved_none.to_string())/> }.into_any();
            }
            view! {
                <ul class="article-list">
                    {items.into_iter().map(|card| view! { <li><Card card/></li> }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}
