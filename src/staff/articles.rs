//! The editor's articles: every version with its state (correct it, take it offline), and the
//! form: Markdown beside the same safe preview members see, checked with the server's own rule
//! before it is sent, published live.
use api::articles::{topic_label, ArticleInput, TOPICS};
use api::staff::ArticleVersion;
use leptos::prelude::*;

use super::{action_error, calls, use_staff_strings};
use crate::pages::articles::Body;
use crate::prefs::use_prefs;

#[component]
pub fn ArticleEditor() -> impl IntoView {
    let t = use_staff_strings();
    let locale = use_prefs().locale;
    let slug = RwSignal::new(String::new());
    let lang = RwSignal::new("zh-CN".to_string());
    let title = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let author = RwSignal::new(String::new());
    let credential = RwSignal::new(String::new());
    let tags = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<Result<String, String>>);
    let versions = RwSignal::new(None::<Result<Vec<ArticleVersion>, crate::client::ApiError>>);
    let reload = move || leptos::task::spawn_local(async move { versions.set(Some(calls::article_versions().await)) });
    reload();
    // Fills the form with a version as written (or empties it for a new article).
    let load = move |a: Option<(String, ArticleInput)>| {
        let (path, a) = a.unwrap_or_default();
        slug.set(path);
        lang.set(if a.lang.is_empty() { "zh-CN".into() } else { a.lang });
        title.set(a.title);
        summary.set(a.summary);
        body.set(a.body_md);
        author.set(a.author);
        credential.set(a.credential);
        tags.set(a.tags);
        status.set(None);
    };
    let open = move |v: ArticleVersion| {
        leptos::task::spawn_local(async move {
            match calls::article_source(&v.slug, &v.lang).await {
                Ok(a) => load(Some((v.slug, a))),
                Err(e) => status.set(Some(Err(action_error(t(), &e)))),
            }
        })
    };
    let take_offline = move |v: ArticleVersion| {
        leptos::task::spawn_local(async move {
            match calls::unpublish(&v.slug, &v.lang).await {
                Ok(()) => reload(),
                Err(e) => status.set(Some(Err(action_error(t(), &e)))),
            }
        })
    };
    let input = move || ArticleInput {
        lang: lang.get_untracked(),
        title: title.get_untracked(),
        summary: summary.get_untracked(),
        body_md: body.get_untracked(),
        author: author.get_untracked(),
        credential: credential.get_untracked(),
        tags: tags.get_untracked(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let article = input();
        let path = slug.get_untracked().trim().to_string();
        let slug_ok =
            !path.is_empty() && path.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if let Some(problem) = (!slug_ok).then(|| t().slug.to_string()).or_else(|| article.problem()) {
            status.set(Some(Err(problem)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let done = calls::publish(&path, &article).await;
            status.set(Some(done.map(|()| format!("/articles/{path}")).map_err(|e| action_error(t(), &e))));
            busy.set(false);
            reload();
        })
    };
    let text = |id: &'static str, label: fn(&super::StaffStrings) -> &'static str, value: RwSignal<String>| {
        view! {
            <label for=id>{move || label(t())}</label>
            <input id=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
    };
    let list = move || {
        match versions.get() {
        None => view! { <crate::components::Loading/> }.into_any(),
        Some(Err(error)) => view! { <crate::components::ErrorView error on_retry=move |_| reload()/> }.into_any(),
        Some(Ok(list)) => view! {
            <div class="table-wrap"><table class="staff-articles" data-testid="article-versions">
                <tbody>
                    {list.into_iter().map(|v| {
                        let (v1, v2) = (v.clone(), v.clone());
                        let live = v.live;
                        view! {
                            <tr data-slug=v.slug.clone() data-lang=v.lang.clone()>
                                <td>{v.title.clone()}</td>
                                <td lang="en">{v.lang.clone()}</td>
                                <td>{move || if live { t().live } else { t().offline_state }}</td>
                                <td><button type="button" class="button secondary" on:click=move |_| open(v1.clone())>{move || t().edit}</button></td>
                                <td>{live.then(|| view! {
                                    <button type="button" class="button danger" on:click=move |_| take_offline(v2.clone())>{move || t().unpublish}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table></div>
        }.into_any(),
    }
    };
    view! {
        <section class="staff-article-list">
            <div class="staff-review-bar">
                <h2 class="section-title">{move || t().articles}</h2>
                <button type="button" class="button secondary" on:click=move |_| load(None)>{move || t().new_article}</button>
            </div>
            {list}
        </section>
        <div class="staff-editor">
            <form class="form" on:submit=submit>
                {text("article-slug", |t| t.slug, slug)}
                <label for="article-lang">{move || t().language}</label>
                <select id="article-lang" prop:value=move || lang.get() on:change=move |ev| lang.set(event_target_value(&ev))>
                    <option value="zh-CN">"中文"</option>
                    <option value="en">"English"</option>
                </select>
                {text("article-title", |t| t.article_title, title)}
                {text("article-summary", |t| t.summary, summary)}
                <fieldset class="chips">
                    {TOPICS.iter().map(|topic| {
                        let tag = topic.tag.to_string();
                        let tag2 = tag.clone();
                        view! {
                            <label class="check-chip">
                                <input type="checkbox" prop:checked=move || tags.with(|t| t.contains(&tag))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        tags.update(|t| { t.retain(|x| *x != tag2); if on { t.push(tag2.clone()); } });
                                    }/>
                                {move || topic_label(topic.tag, locale.get().tag()).to_string()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label for="article-body">{move || t().body}</label>
                <textarea id="article-body" rows="14" prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                {text("article-author", |t| t.author, author)}
                {text("article-credential", |t| t.credential, credential)}
                {move || status.get().map(|s| match s {
                    Ok(path) => view! { <p class="success" role="status">{t().published}" · "<a href=path.clone()>{path.clone()}</a></p> }.into_any(),
                    Err(problem) => view! { <p class="form-error" role="alert">{problem}</p> }.into_any(),
                })}
                <button type="submit" class="button primary" disabled=move || busy.get()>{move || t().publish}</button>
            </form>
            <section class="staff-preview article" aria-label=move || t().preview>
                <h2 class="section-title">{move || t().preview}</h2>
                <h1 class="article-title">{move || title.get()}</h1>
                <div class="article-text">{move || view! { <Body markdown=body.get()/> }}</div>
            </section>
        </div>
    }
}
