//! A view whose code is in a wasm chunk (src/lazy.rs): the loading skeleton while the chunk
//! is fetched, the view, or an error with Retry. Here in `components`, below the pages and the
//! route table, so a component or page can load part of itself from a chunk without a cycle.
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyView;

use super::Loading;
use crate::prefs::use_strings;

/// A screen's code could not be fetched or compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// A chunk's view on its way.
pub type Opened = Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>>>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Fetching,
    Failed,
    Ready,
}

/// A view whose code is in a chunk, built by `open` (which fetches the chunk if needed): the
/// loading skeleton meanwhile, and on failure the error with Retry, which calls `open` again.
pub fn from_chunk(open: impl Fn() -> Opened + Send + Sync + 'static) -> impl IntoView {
    let phase = RwSignal::new(Phase::Fetching);
    let built = StoredValue::new_local(None::<AnyView>);
    let owner = Owner::current().expect("a chunk's view renders inside the app");
    let open = Callback::new(move |()| {
        phase.set(Phase::Fetching);
        let opened = open();
        // Runs under this view's owner (contexts, cleanup); dropped if the member leaves first.
        owner.with(|| {
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                match opened.await {
                    Ok(view) => {
                        built.set_value(Some(view));
                        phase.set(Phase::Ready);
                    }
                    Err(ChunkError) => phase.set(Phase::Failed),
                }
            })
        });
    });
    open.run(());
    move || match phase.get() {
        Phase::Fetching => view! { <Loading/> }.into_any(),
        Phase::Failed => view! { <ChunkFailed on_retry=open/> }.into_any(),
        Phase::Ready => built.try_update_value(Option::take).flatten().unwrap_or_else(|| ().into_any()),
    }
}

/// The screen's code did not arrive: offline gets its own words; a reload helps when a newer
/// version replaced the files.
#[component]
fn ChunkFailed(on_retry: Callback<()>) -> impl IntoView {
    let s = use_strings();
    let offline = !window().navigator().on_line();
    let reload = |_| {
        let _ = window().location().reload();
    };
    view! {
        <div class="error-state" role="alert" data-state={if offline { "offline" } else { "error" }} data-testid="chunk-failed">
            <h2>{move || if offline { s().offline_title } else { s().screen_failed_title }}</h2>
            <p>{move || if offline { s().screen_failed_offline } else { s().screen_failed_body }}</p>
            <button class="button secondary" on:click=move |_| on_retry.run(())>{move || s().retry}</button>
            // Offline, a reload could leave the member on the browser's own error page.
            {(!offline).then(|| view! { <button class="button link" on:click=reload>{move || s().reload_app}</button> })}
        </div>
    }
}
