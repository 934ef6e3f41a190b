//! Health articles: the list (topics, search, "for you" first, more on demand), an article,
//! and saved articles. Recently read articles stay readable offline.
//!
//! Search words and topics stay out of the URL: a search for 孕期 says something about the
//! member, and URLs end up in history, logs and shared links.
use api::articles::{topic_label, ArticleCard, TOPICS};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::client::{self, ApiError};
use crate::components::{Empty, ErrorView, Loading};
use crate::format::{date, encode};
use crate::i18n::fill;
use crate::prefs::{use_prefs, use_strings};

mod body;
mod detail;
mod recent;
mod saved;
mod strings;

pub use body::Body;
pub use detail::ArticlePage;
pub use saved::SavedArticlesPage;
use strings::use_article_strings;

/// Where one article is read.
pub fn article_path(slug: &str) -> String {
    format!("/articles/{}", encode(slug))
}

/// Saved (bookmarked) articles.
pub const SAVED_PATH: &str = "/articles/saved";

/// Where the list stands.
#[derive(Clone)]
enum Status {
    Loading,
    Ready,
    Failed(ApiError),
}

#[component]
pub fn ArticlesPage() -> impl IntoView {
    let s = use_strings();
    let a = use_article_strings();
    let locale = use_prefs().locale;
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let topic = RwSignal::new(None::<&'static str>);
    let items = RwSignal::new(Vec::<ArticleCard>::new());
    let next = RwSignal::new(None::<String>);
    let status = RwSignal::new(Status::Loading);
    let loading_more = RwSignal::new(false);
    let recent = LocalResource::new(recent::load);
    // Answers to an older search are dropped when a newer one was started.
    let generation = StoredValue::new(0u32);

    let fetch_first = move || {
        let (lang, tag, q) = (locale.get().tag(), topic.get(), query.get());
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        status.set(Status::Loading);
        leptos::task::spawn_local(async move {
            let result = client::articles(lang, tag, Some(&q), None).await;
            if generation.get_value() != mine {
                return;
            }
            match result {
                Ok(page) => {
                    items.set(page.items);
                    next.set(page.next_cursor);
                    status.set(Status::Ready);
                }
                Err(e) => status.set(Status::Failed(e)),
            }
        });
    };
    Effect::new(move |_| fetch_first());

    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else { return };
        if loading_more.get_untracked() {
            return;
        }
        loading_more.set(true);
        let (lang, tag, q) = (locale.get_untracked().tag(), topic.get_untracked(), query.get_untracked());
        let mine = generation.get_value();
        leptos::task::spawn_local(async move {
            let result = client::articles(lang, tag, Some(&q), Some(&cursor)).await;
            loading_more.set(false);
            if generation.get_value() != mine {
                return;
            }
            match result {
                Ok(page) => {
                    items.update(|list| list.extend(page.items));
                    next.set(page.next_cursor);
                }
                // The list so far stays; the button stays to try again.
                Err(e) => status.set(Status::Failed(e)),
            }
        });
    };

    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.set(typed.get_untracked().trim().to_string());
    };
    let clear = move |_| {
        typed.set(String::new());
        query.set(String::new());
    };

    let list = move || match status.get() {
        Status::Loading if items.with(Vec::is_empty) => view! { <Loading/> }.into_any(),
        Status::Failed(ApiError::Offline) if items.with(Vec::is_empty) => {
            view! { <OfflineRecent recent on_retry=move |_| fetch_first()/> }.into_any()
        }
        Status::Failed(error) if items.with(Vec::is_empty) => {
            view! { <ErrorView error on_retry=move |_| fetch_first()/> }.into_any()
        }
        _ if items.with(Vec::is_empty) => {
            let message = if query.with(String::is_empty) { s().articles_none } else { a().no_results };
            view! { <Empty message=Signal::derive(move || message.to_string())/> }.into_any()
        }
        _ => {
            let progress = move |slug: &str| recent.get().and_then(|r| r.progress(slug));
            view! {
                <ul class="article-list" data-testid="article-list">
                    {items.get().into_iter().map(|card| {
                        let p = progress(&card.slug);
                        view! { <li><Card card progress=p/></li> }
                    }).collect_view()}
                </ul>
                {move || next.with(Option::is_some).then(|| view! {
                    <button class="button secondary" on:click=load_more disabled=move || loading_more.get()>{move || a().load_more}</button>
                })}
            }
            .into_any()
        }
    };

    view! {
        <header class="page-head">
            <h1>{move || s().articles_title}</h1>
            <A href=SAVED_PATH attr:class="button link">{move || a().saved}</A>
        </header>
        <form class="search" role="search" on:submit=search>
            <label for="article-search" class="visually-hidden">{move || a().search_label}</label>
            <input id="article-search" type="search" enterkeyhint="search" maxlength="50"
                placeholder=move || a().search_placeholder
                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            <button type="submit" class="button primary">{move || a().search}</button>
            {move || (!query.with(String::is_empty)).then(|| view! {
                <button type="button" class="button secondary" on:click=clear>{move || a().clear}</button>
            })}
        </form>
        <div class="chips scroll-row" role="group" aria-label=move || a().topics>
            <button type="button" class="chip-button" aria-pressed=move || topic.get().is_none().to_string()
                on:click=move |_| topic.set(None)>{move || a().all_topics}</button>
            {TOPICS.iter().map(|t| {
                let tag = t.tag;
                view! {
                    <button type="button" class="chip-button" aria-pressed=move || (topic.get() == Some(tag)).to_string()
                        on:click=move |_| topic.set(if topic.get_untracked() == Some(tag) { None } else { Some(tag) })>
                        {move || topic_label(tag, locale.get().tag())}
                    </button>
                }
            }).collect_view()}
        </div>
        {move || items.with(|i| i.iter().any(|c| c.recommended)).then(|| view! {
            <p class="muted small">{move || a().for_you_hint}</p>
        })}
        {list}
    }
}

/// One article in a list.
#[component]
pub fn Card(card: ArticleCard, #[prop(default = None)] progress: Option<u8>) -> impl IntoView {
    let s = use_strings();
    let a = use_article_strings();
    let locale = use_prefs().locale;
    let minutes = card.reading_minutes.to_string();
    let published = card.published_at;
    let lang = card.lang.clone();
    let untranslated = card.lang == "zh-CN";
    let progress_text = move || {
        progress.filter(|p| *p > 0).map(|p| {
            if p >= 95 {
                a().read_done.to_string()
            } else {
                fill(a().progress, &[&p.to_string()])
            }
        })
    };
    view! {
        <A href=article_path(&card.slug) attr:class="card article-card">
            <img class="cover" src=card.cover.clone() alt="" width="160" height="90" loading="lazy" decoding="async"/>
            <div class="article-text" lang=lang>
                {card.recommended.then(|| view! { <p class="badge for-you">{move || a().for_you}</p> })}
                {move || (untranslated && locale.get() == crate::i18n::Locale::En).then(|| view! {
                    <p class="badge" lang="en">{a().in_chinese}</p>
                })}
                <h3 class="article-title">{card.title.clone()}</h3>
                <p class="summary">{card.summary.clone()}</p>
                <p class="muted small">
                    {card.author.clone()}" · "{move || date(locale.get(), published)}" · "
                    {move || fill(s().reading_minutes, &[&minutes])}
                    {move || progress_text().map(|t| view! { " · "<span class="read-progress">{t}</span> })}
                </p>
            </div>
        </A>
    }
}

/// Offline with nothing fetched: the articles kept on the device, or the offline message
/// with a retry that fetches the list again.
#[component]
fn OfflineRecent(recent: LocalResource<recent::Recent>, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let a = use_article_strings();
    move || {
        let saved = recent.get().map(|r| r.items).unwrap_or_default();
        if saved.is_empty() {
            return view! { <ErrorView error=ApiError::Offline on_retry=move |_| on_retry.run(())/> }.into_any();
        }
        view! {
            <p class="notice" role="status">{move || a().offline_recent}</p>
            <ul class="article-list">
                {saved.into_iter().map(|s| view! { <li><Card card=s.article.card progress=Some(s.progress)/></li> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}
