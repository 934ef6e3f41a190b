//! Article bodies, built as DOM nodes from [`api::markdown`] blocks. No HTML from the text
//! is ever parsed by the browser, so markup in an article shows as the characters it is.
use api::markdown::{Block, Inline, Link};
use leptos::prelude::*;
use leptos_router::components::A;

use super::article_path;
use super::strings::use_article_strings;

#[component]
pub fn Body(#[prop(into)] markdown: String) -> impl IntoView {
    api::markdown::parse(&markdown).into_iter().map(block).collect_view()
}

fn block(b: Block) -> AnyView {
    match b {
        Block::Heading { level: 2, text } => view! { <h2>{spans(text)}</h2> }.into_any(),
        Block::Heading { text, .. } => view! { <h3>{spans(text)}</h3> }.into_any(),
        Block::Paragraph(text) => view! { <p>{spans(text)}</p> }.into_any(),
        Block::List { ordered: false, items } => {
            view! { <ul>{items.into_iter().map(|i| view! { <li>{spans(i)}</li> }).collect_view()}</ul> }.into_any()
        }
        Block::List { ordered: true, items } => {
            view! { <ol>{items.into_iter().map(|i| view! { <li>{spans(i)}</li> }).collect_view()}</ol> }.into_any()
        }
        Block::Quote(text) => view! { <aside class="advice-note" role="note"><p>{spans(text)}</p></aside> }.into_any(),
        Block::Rule => view! { <hr/> }.into_any(),
    }
}

fn spans(items: Vec<Inline>) -> impl IntoView {
    let s = use_article_strings();
    items
        .into_iter()
        .map(|i| match i {
            Inline::Text(t) => t.into_any(),
            Inline::Strong(t) => view! { <strong>{t}</strong> }.into_any(),
            Inline::Emphasis(t) => view! { <em>{t}</em> }.into_any(),
            Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
            Inline::Link { text, to: Link::Article(slug) } => {
                view! { <A href=article_path(&slug)>{text}</A> }.into_any()
            }
            Inline::Link { text, to: Link::External(href) } => view! {
                // A new tab that cannot reach back into this one, sends no referrer (the
                // article path says what the member reads) and is not endorsed.
                <a href=href target="_blank" rel="noopener noreferrer nofollow">
                    {text}<span class="visually-hidden">{move || s().new_tab}</span><span aria-hidden="true">" ↗"</span>
                </a>
            }
            .into_any(),
        })
        .collect_view()
}
