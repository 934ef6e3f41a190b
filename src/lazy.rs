//! Screens whose code is fetched when first opened: route chunks (shared/TOOLCHAIN.md §5).
//!
//! With the `split` feature every screen listed in [`lazy_screens!`] is a `wasm_split`
//! function whose code lands in the chunk named beside it, fetched on first use. Leptos' own
//! `#[lazy_route]` panics when a chunk cannot be fetched, and with `panic = "abort"` that kills
//! the whole app; these are `fallible`: a failed fetch (offline, or a deploy removed the files)
//! shows an error with Retry and a reload button, and a later try fetches afresh.
//! Without the feature (the wasm unit tests, whose runner calls wasm-bindgen itself and cannot
//! split) the same screens are plain functions, so both builds run the same pages.
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyView;

use crate::components::chunk_view::{from_chunk, ChunkError, Opened};
use crate::pages::*;

type Fetched = Pin<Box<dyn Future<Output = Result<(), ChunkError>>>>;

/// Declares the lazy screens: `Variant => chunk: view`. Screens sharing a chunk name share one
/// file (fetch them together, e.g. a list and its detail).
macro_rules! lazy_screens {
    ($( $screen:ident => $chunk:ident : $view:expr ),* $(,)?) => {
        /// Every screen whose code loads on demand, named for the route table in `app.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Screen { $($screen),* }

        impl Screen {
            /// The chunk the screen's code lives in.
            pub const fn chunk(self) -> &'static str {
                match self { $(Screen::$screen => stringify!($chunk)),* }
            }

            /// Fetches the screen's code (if needed) and builds its view in the current owner.
            fn open(self) -> Opened {
                match self { $(Screen::$screen => Box::pin(paste::paste!(screens::[<open_ $screen:snake>])())),* }
            }

            /// Fetches and compiles the screen's code without building it.
            fn fetch(self) -> Fetched {
                match self {
                    $(Screen::$screen => Box::pin(async {
                        paste::paste!(screens::[<fetch_ $screen:snake>])().await.map_err(ChunkError::from)
                    })),*
                }
            }
        }

        mod screens {
            use super::*;
            $(
                paste::paste! {
                    #[cfg(feature = "split")]
                    #[::leptos::wasm_split::wasm_split(
                        $chunk,
                        wasm_split_path = ::leptos::wasm_split,
                        fallible,
                        preload(#[allow(non_snake_case)] [<fetch_ $screen:snake>])
                    )]
                    pub fn [<open_ $screen:snake>]() -> Result<AnyView, ChunkError> {
                        Ok($view.into_any())
                    }

                    #[cfg(not(feature = "split"))]
                    pub async fn [<open_ $screen:snake>]() -> Result<AnyView, ChunkError> {
                        Ok($view.into_any())
                    }

                    #[cfg(not(feature = "split"))]
                    pub async fn [<fetch_ $screen:snake>]() -> Result<(), ChunkError> {
                        Ok(())
                    }
                }
            )*
        }
    };
}

// Four member chunks, cut by what a member does in one visit, and the staff console's. Code two chunks share goes into a shared
// file per combination (wasm-split-cli), so every extra chunk multiplies the small files a
// screen fetches: twelve chunks, one per area, made 102 shared files; four make at most 11.
lazy_screens! {
    // The rest of the schedule (offline) and the medicine form.
    Week => schedule_more: view! { <WeekPage/> },
    Medicines => schedule_more: view! { <MedicinesPage/> },
    Medication => schedule_more: view! { <MedicationPage/> },
    EditMedicine => schedule_more: view! { <EditMedicinePage/> },
    // "Me": card and coupons (offline), points, tier, account, surveys and feedback. (The "me"
    // tab itself, with logout, is in the main module: signing out must work offline at once.)
    Wallet => me: view! { <WalletPage/> },
    Points => me: view! { <PointsPage/> },
    PointsRules => me: view! { <PointsRulesPage/> },
    Rewards => me: view! { <RewardsPage/> },
    Tier => me: view! { <TierPage/> },
    Account => me: view! { <AccountPage/> },
    Survey => me: view! { <SurveyPage/> },
    Feedback => me: view! { <FeedbackPage/> },
    Invite => me: view! { <InvitePage/> },
    Offers => me: view! { <OffersPage/> },
    Join => me: view! { <JoinPage/> },
    // Care: prescriptions and upload, the health profile, pharmacist questions, family.
    Prescriptions => care: view! { <PrescriptionsPage/> },
    Prescription => care: view! { <PrescriptionPage/> },
    Upload => care: view! { <UploadPage/> },
    HealthProfile => care: view! { <HealthProfilePage/> },
    Consult => care: view! { <ConsultPage/> },
    MedicineSearch => care: view! { <MedicineSearchPage/> },
    Family => care: view! { <FamilyPage/> },
    CareSchedule => care: view! { <CareSchedulePage/> },
    // Articles, the reader (recently read ones offline) and bookmarks.
    Articles => articles: view! { <ArticlesPage/> },
    SavedArticles => articles: view! { <SavedArticlesPage/> },
    Article => articles: view! { <ArticlePage/> },
    // The staff console: never fetched by a member (not prefetched, not offline).
    Staff => staff: view! { <crate::staff::StaffConsole/> },
}

impl Screen {
    /// Screens a member may open with no network: the service worker keeps their chunks
    /// (scripts/split-offline.mjs reads this list), and they are among those fetched when the
    /// device is idle, so a page opened online works offline later without a service worker too.
    pub const OFFLINE: &'static [Screen] =
        &[Screen::Week, Screen::Medicines, Screen::Medication, Screen::Wallet, Screen::SavedArticles, Screen::Article];

    /// What is fetched when the device is idle after the first screen: one screen of each
    /// chunk of [`Screen::OFFLINE`], then the tab bar's other lazy target, prescriptions (the
    /// articles tab is in an offline chunk already). Each chunk is fetched once.
    pub const PREFETCH: &'static [Screen] = &[Screen::Week, Screen::Wallet, Screen::Article, Screen::Prescriptions];
}

/// A route's view for a lazy screen: the loading skeleton while its chunk is fetched, then
/// the screen; if the fetch fails, an error with Retry (and a reload, for a replaced build).
pub fn lazy(screen: Screen) -> impl IntoView {
    from_chunk(move || screen.open())
}

/// Fetches the chunks of `screens` once the first screen has settled, one at a time, so the
/// likely next screen opens without waiting and the first screen's own data and work are never
/// delayed. `make bench` showed why "settled" is more than the first idle moment: the schedule
/// waits on its stored copy and the network, the browser idles meanwhile, and a prefetch then
/// took the bandwidth its data needed (data visible 3.0 s instead of home's 2.5). So: a quiet
/// spell first ([`SETTLE_MS`]), then the next idle moment. Failures are ignored: opening the
/// screen later tries again and shows the error if it must.
pub fn prefetch_when_idle(screens: &'static [Screen]) {
    use wasm_bindgen::prelude::*;
    let run = Closure::once_into_js(move || {
        leptos::task::spawn_local(async move {
            let mut done: Vec<&str> = Vec::new();
            for screen in screens {
                if !done.contains(&screen.chunk()) {
                    done.push(screen.chunk());
                    let _ = screen.fetch().await;
                }
            }
        })
    });
    let when_idle = Closure::once_into_js(move || {
        let w = window();
        let idle = js_sys::Reflect::get(&w, &"requestIdleCallback".into()).ok().filter(|f| f.is_function());
        match idle {
            Some(f) => {
                let options = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&options, &"timeout".into(), &5000.into());
                let _ = f.unchecked_into::<js_sys::Function>().call2(&w, &run, &options);
            }
            // Safari and iOS WeChat have no requestIdleCallback: the quiet spell has to do.
            None => {
                let _ = run.unchecked_into::<js_sys::Function>().call0(&w);
            }
        }
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(when_idle.unchecked_ref(), SETTLE_MS);
}

/// How long after the signed-in shell appears the idle prefetch may start.
const SETTLE_MS: i32 = 3000;
