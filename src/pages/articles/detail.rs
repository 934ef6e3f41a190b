//! One article: the body, reading progress, bookmark, related articles. Kept on the device
//! once read, so it opens again without a network.
use api::articles::Article;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::body::Body;
use super::strings::use_article_strings;
use super::{recent, Card};
use crate::client::{self, ApiError};
use crate::components::{ErrorView, Loading};
use crate::format::date;
use crate::i18n::{fill, Locale};
use crate::prefs::{use_prefs, use_strings};
use crate::routes::Page;

/// What the page shows: the article fresh from the server, or the device's copy offline.
#[derive(Clone)]
enum Loaded {
    Fresh(Article),
    Kept(Article),
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let locale = use_prefs().locale;
    let a = use_article_strings();
    let loaded = LocalResource::new(move || {
        let (slug, lang) = (slug.get(), locale.get().tag());
        async move {
            match client::article(&slug, lang).await {
                Ok(article) => {
                    recent::remember(&article).await;
                    Ok(Loaded::Fresh(article))
                }
                Err(ApiError::Offline) => {
                    recent::load().await.article(&slug).map(Loaded::Kept).ok_or(ApiError::Offline)
                }
                Err(e) => Err(e),
            }
        }
    });
    view! {
        <A href=Page::Articles.path() attr:class="back-link">{move || a().back}</A>
        {move || match loaded.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error on_retry=move |_| loaded.refetch()/> }.into_any(),
            Some(Ok(Loaded::Fresh(article))) => view! { <Reader article offline=false/> }.into_any(),
            Some(Ok(Loaded::Kept(article))) => view! { <Reader article offline=true/> }.into_any(),
        }}
    }
}

#[component]
fn Reader(article: Article, offline: bool) -> impl IntoView {
    let s = use_strings();
    let a = use_article_strings();
    let locale = use_prefs().locale;
    let card = article.card.clone();
    let slug = card.slug.clone();
    let progress = RwSignal::new(0u8);
    track_progress(slug.clone(), progress);

    let bookmarked = RwSignal::new(article.bookmarked);
    let bookmark_error = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let toggle = {
        let slug = slug.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            let on = !bookmarked.get_untracked();
            // Shown at once; put back if the server did not take it.
            bookmarked.set(on);
            bookmark_error.set(false);
            busy.set(true);
            let slug = slug.clone();
            leptos::task::spawn_local(async move {
                if client::set_bookmark(&slug, on).await.is_err() {
                    bookmarked.set(!on);
                    bookmark_error.set(true);
                }
                busy.set(false);
            });
        }
    };
    let minutes = card.reading_minutes.to_string();
    let published = card.published_at;
    let original_only = {
        let lang = card.lang.clone();
        move || locale.get() == Locale::En && lang == "zh-CN"
    };
    view! {
        <div class="read-progress-bar" role="progressbar" aria-label=move || fill(a().progress, &[&progress.get().to_string()])
            aria-valuemin="0" aria-valuemax="100" aria-valuenow=move || progress.get().to_string()>
            <span style:width=move || format!("{}%", progress.get())></span>
        </div>
        {offline.then(|| view! { <p class="notice" role="status">{move || a().offline_copy}</p> })}
        {move || original_only().then(|| view! { <p class="notice">{move || a().chinese_only}</p> })}
        <article class="article" lang=card.lang.clone() data-testid="article">
            <h1>{card.title.clone()}</h1>
            <p class="muted">
                {card.author.clone()}" · "{card.credential.clone()}
                <br/>{move || date(locale.get(), published)}" · "{move || fill(s().reading_minutes, &[&minutes])}
            </p>
            <img class="cover wide" src=card.cover.clone() alt="" width="160" height="90"/>
            <Body markdown=article.body_md.clone()/>
        </article>
        {(!offline).then(|| view! {
            <div class="actions">
                <button class="button secondary bookmark" aria-pressed=move || bookmarked.get().to_string() on:click=toggle
                    disabled=move || busy.get()>
                    <span aria-hidden="true">{move || if bookmarked.get() { "★ " } else { "☆ " }}</span>
                    {move || if bookmarked.get() { a().bookmarked } else { a().bookmark }}
                </button>
                <crate::components::ShareButton title=card.title.clone() path=super::article_path(&slug)/>
            </div>
        })}
        {move || bookmark_error.get().then(|| view! { <p class="error" role="alert">{move || a().bookmark_failed}</p> })}
        {(!article.related.is_empty()).then(|| view! {
            <section aria-labelledby="related-title">
                <h2 id="related-title">{move || a().related}</h2>
                <ul class="article-list">
                    {article.related.clone().into_iter().map(|card| view! { <li><Card card/></li> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// Follows the scroll position as a percentage of the article read, and keeps the furthest
/// point on the device (in steps of 10 %, so scrolling does not write on every frame).
fn track_progress(slug: String, progress: RwSignal<u8>) {
    let saved = StoredValue::new(0u8);
    let measure = move || {
        let window = window();
        let Some(root) = document().document_element() else { return };
        let scrolled = window.scroll_y().unwrap_or(0.0);
        let viewport = window.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let total = root.scroll_height() as f64 - viewport;
        let p = if total <= 1.0 { 100.0 } else { (scrolled / total * 100.0).clamp(0.0, 100.0) };
        let p = p.round() as u8;
        if p > progress.get_untracked() {
            progress.set(p);
        }
        let step = p / 10 * 10;
        if step > saved.get_value() {
            saved.set_value(step);
            let slug = slug.clone();
            leptos::task::spawn_local(async move { recent::set_progress(&slug, step).await });
        }
    };
    // Once laid out: a short article is read as soon as it is on screen.
    request_animation_frame({
        let measure = measure.clone();
        move || measure()
    });
    let handle = window_event_listener(leptos::ev::scroll, move |_| measure());
    on_cleanup(move || handle.remove());
}
