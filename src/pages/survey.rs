//! Surveys: none are configured yet, so the member sees the honest empty state.
use leptos::prelude::*;

use crate::components::Empty;
use crate::prefs::use_strings;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let s = use_strings();
    view! {
        <h1>{move || s().survey_title}</h1>
        <Empty message=Signal::derive(move || s().survey_none.to_string())/>
    }
}
