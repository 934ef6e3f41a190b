//! Router, layout and the auth guard.
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use crate::components::{ErrorView, Loading, TabBar};
use crate::lazy::{lazy, Screen};
use crate::pages::{ConsentGate, HomePage, LoginPage, NotFoundPage, SchedulePage, SettingsPage};
use crate::prefs::Prefs;
use crate::routes::Page;
use crate::session::{use_session, Session};

/// The whole portal. Paths here must match [`Page::path`]. Screens behind `lazy(…)` are
/// fetched when first opened (`lazy.rs`); the e2e smoke test opens every one of them.
#[component]
pub fn App() -> impl IntoView {
    crate::bridge::start();
    provide_context(Prefs::init());
    let session = Session::new();
    crate::client::on_auth_lost(move |lost| session.auth_lost(lost));
    crate::schedule_sync::ScheduleSync::provide(session);
    provide_context(session);
    session.refresh();
    crate::reminders::provide();
    crate::pages::survey::Offer::provide();
    view! {
        <crate::offline::UpdatePrompt/>
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/login") view=LoginPage/>
                // An invite link: a friend joins here, signed out.
                <Route path=path!("/join") view=|| lazy(Screen::Join)/>
                // Staff sign in with their own accounts; no member session is needed or touched.
                <Route path=path!("/staff") view=|| lazy(Screen::Staff)/>
                <ParentRoute path=path!("") view=SignedInShell>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/points") view=|| lazy(Screen::Points)/>
                    <Route path=path!("/points/rules") view=|| lazy(Screen::PointsRules)/>
                    <Route path=path!("/rewards") view=|| lazy(Screen::Rewards)/>
                    <Route path=path!("/wallet") view=|| lazy(Screen::Wallet)/>
                    <Route path=path!("/tier") view=|| lazy(Screen::Tier)/>
                    <Route path=path!("/prescriptions") view=|| lazy(Screen::Prescriptions)/>
                    <Route path=path!("/prescriptions/new") view=|| lazy(Screen::Upload)/>
                    <Route path=path!("/prescriptions/:id") view=|| lazy(Screen::Prescription)/>
                    <Route path=path!("/schedule") view=SchedulePage/>
                    <Route path=path!("/schedule/week") view=|| lazy(Screen::Week)/>
                    <Route path=path!("/schedule/medicines") view=|| lazy(Screen::Medicines)/>
                    <Route path=path!("/schedule/medicines/:id") view=|| lazy(Screen::Medication)/>
                    <Route path=path!("/schedule/medicines/:id/edit") view=|| lazy(Screen::EditMedicine)/>
                    <Route path=path!("/schedule/add") view=|| lazy(Screen::EditMedicine)/>
                    <Route path=path!("/articles") view=|| lazy(Screen::Articles)/>
                    <Route path=path!("/articles/saved") view=|| lazy(Screen::SavedArticles)/>
                    <Route path=path!("/articles/:slug") view=|| lazy(Screen::Article)/>
                    <Route path=path!("/feedback") view=|| lazy(Screen::Feedback)/>
                    <Route path=path!("/survey") view=|| lazy(Screen::Survey)/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/settings/account") view=|| lazy(Screen::Account)/>
                    <Route path=path!("/settings/health") view=|| lazy(Screen::HealthProfile)/>
                    <Route path=path!("/consult") view=|| lazy(Screen::Consult)/>
                    <Route path=path!("/medicines") view=|| lazy(Screen::MedicineSearch)/>
                    <Route path=path!("/family") view=|| lazy(Screen::Family)/>
                    <Route path=path!("/invite") view=|| lazy(Screen::Invite)/>
                    <Route path=path!("/offers") view=|| lazy(Screen::Offers)/>
                    <Route path=path!("/family/:id") view=|| lazy(Screen::CareSchedule)/>
                    <Route path=path!("/family/:id/health") view=|| lazy(Screen::HealthProfile)/>
                    <Route path=path!("/family/:person/add") view=|| lazy(Screen::EditMedicine)/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Layout for every signed-in screen; a signed-out member is sent to login and back.
#[component]
fn SignedInShell() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        if session.checked.get() && session.member.with(Option::is_none) {
            let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
            navigate(&Page::login_then(&here), NavigateOptions { replace: true, ..Default::default() });
        }
    });
    // Once a signed-in screen is up, the likely next screens are fetched while the device idles.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        let ready = session.member.with(|m| m.as_ref().is_some_and(|m| !m.consent_due));
        if ready {
            crate::lazy::prefetch_when_idle(crate::lazy::Screen::PREFETCH);
        }
        ready
    });
    let waiting = move || {
        let state = match session.error.get() {
            Some(error) => view! { <ErrorView error on_retry=move |_| session.refresh()/> }.into_any(),
            None => view! { <Loading/> }.into_any(),
        };
        view! { <main id="main" class="page">{state}</main> }
    };
    view! {
        <Show when=move || session.member.with(Option::is_some) fallback=waiting>
            // PIPL: nothing else opens until the current privacy policy is accepted.
            <Show when=move || !session.member.with(|m| m.as_ref().is_some_and(|m| m.consent_due))
                fallback=|| view! { <ConsentGate/> }>
                <main id="main" class="page">
                    <Outlet/>
                </main>
                <crate::reminders::ReminderNotice/>
                <crate::pages::survey::SurveySheet/>
                <TabBar/>
            </Show>
        </Show>
    }
}
