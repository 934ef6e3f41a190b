//! Router, layout and the auth guard.
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::{path, NavigateOptions};

use crate::components::{ErrorView, Loading, TabBar};
use crate::pages::*;
use crate::prefs::Prefs;
use crate::routes::Page;
use crate::session::{use_session, Session};

/// The whole portal. Paths here must match [`Page::path`].
#[component]
pub fn App() -> impl IntoView {
    crate::bridge::start();
    provide_context(Prefs::init());
    crate::schedule_sync::ScheduleSync::provide();
    let session = Session::new();
    provide_context(session);
    session.refresh();
    crate::reminders::provide();
    crate::pages::survey::Offer::provide();
    view! {
        <crate::offline::UpdatePrompt/>
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/login") view=LoginPage/>
                <ParentRoute path=path!("") view=SignedInShell>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/points") view=PointsPage/>
                    <Route path=path!("/points/rules") view=PointsRulesPage/>
                    <Route path=path!("/rewards") view=RewardsPage/>
                    <Route path=path!("/wallet") view=WalletPage/>
                    <Route path=path!("/tier") view=TierPage/>
                    <Route path=path!("/prescriptions") view=PrescriptionsPage/>
                    <Route path=path!("/prescriptions/new") view=UploadPage/>
                    <Route path=path!("/prescriptions/:id") view=PrescriptionPage/>
                    <Route path=path!("/schedule") view=SchedulePage/>
                    <Route path=path!("/schedule/week") view=WeekPage/>
                    <Route path=path!("/schedule/medicines") view=MedicinesPage/>
                    <Route path=path!("/schedule/medicines/:id") view=MedicationPage/>
                    <Route path=path!("/schedule/medicines/:id/edit") view=EditMedicinePage/>
                    <Route path=path!("/schedule/add") view=EditMedicinePage/>
                    <Route path=path!("/articles") view=ArticlesPage/>
                    <Route path=path!("/articles/saved") view=SavedArticlesPage/>
                    <Route path=path!("/articles/:slug") view=ArticlePage/>
                    <Route path=path!("/feedback") view=FeedbackPage/>
                    <Route path=path!("/survey") view=SurveyPage/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/settings/account") view=AccountPage/>
                    <Route path=path!("/settings/health") view=HealthProfilePage/>
                    <Route path=path!("/consult") view=ConsultPage/>
                    <Route path=path!("/medicines") view=MedicineSearchPage/>
                    <Route path=path!("/family") view=FamilyPage/>
                    <Route path=path!("/family/:id") view=CareSchedulePage/>
                    <Route path=path!("/family/:id/health") view=HealthProfilePage/>
                    <Route path=path!("/family/:person/add") view=EditMedicinePage/>
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
