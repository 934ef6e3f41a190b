//! Surveys: offered after a meaningful moment (a prescription approved, a reward redeemed)
//! in a sheet that never blocks the screen, or opened from "Me".
use api::surveys::{Invitation, Moment};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyView;

use crate::client;
use crate::components::chunk_view::{from_chunk, ChunkError};
use crate::components::{Empty, ErrorView, Loading};
use crate::prefs::{use_prefs, use_strings};

mod form;
mod strings;

use form::SurveyForm;
use strings::use_survey_strings;

/// The survey currently offered in the sheet, shared by the whole signed-in app.
#[derive(Clone, Copy)]
pub struct Offer(RwSignal<Option<Invitation>>);

impl Offer {
    pub fn provide() {
        provide_context(Offer(RwSignal::new(None)));
    }
}

/// A function that asks the server whether the member is due a survey after a moment, and
/// offers it if so. Call at component setup; failures are silent (a survey is never worth
/// an error message).
pub fn use_offer() -> impl Fn(Moment) + Copy + 'static {
    let current = use_context::<Offer>().map(|o| o.0);
    let locale = use_prefs().locale;
    move |moment| {
        let Some(current) = current else { return };
        if current.with_untracked(Option::is_some) {
            return;
        }
        let lang = locale.get_untracked().tag();
        leptos::task::spawn_local(async move {
            if let Ok(Some(invitation)) = client::next_survey(moment, lang).await {
                current.set(Some(invitation));
            }
        });
    }
}

/// The offered survey, as a sheet at the bottom of the screen: the page above stays usable
/// (no focus trap, no backdrop) and "not now" closes it.
#[component]
pub fn SurveySheet() -> impl IntoView {
    let t = use_survey_strings();
    let Some(Offer(current)) = use_context::<Offer>() else { return ().into_any() };
    (move || {
        current.get().map(|invitation| {
            view! {
                <aside class="survey-sheet" role="region" aria-label=move || t().prompt_title data-testid="survey-sheet">
                    <p class="sheet-title">{move || t().prompt_title}</p>
                    {survey_form_from_chunk(invitation, Callback::new(move |()| current.set(None)))}
                </aside>
            }
        })
    })
    .into_any()
}

/// The survey offered in the sheet after a moment (any screen, main module). Most visits
/// offer none, so [`SurveyForm`]'s code waits in the `me` chunk with the surveys screen.
fn survey_form_from_chunk(invitation: Invitation, on_close: Callback<()>) -> impl IntoView {
    let invitation = StoredValue::new(invitation);
    from_chunk(move || Box::pin(in_chunk(Box::new((invitation.get_value(), on_close)))))
}

#[cfg(feature = "split")]
#[::leptos::wasm_split::wasm_split(me, wasm_split_path = ::leptos::wasm_split, fallible)]
fn in_chunk(offer: Box<(Invitation, Callback<()>)>) -> Result<AnyView, ChunkError> {
    Ok(survey_view(*offer))
}

#[cfg(not(feature = "split"))]
async fn in_chunk(offer: Box<(Invitation, Callback<()>)>) -> Result<AnyView, ChunkError> {
    Ok(survey_view(*offer))
}

fn survey_view((invitation, on_close): (Invitation, Callback<()>)) -> AnyView {
    view! { <SurveyForm invitation on_close/> }.into_any()
}

/// "Me › Surveys": the survey the member is due, if any.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let due = LocalResource::new(move || client::next_survey(Moment::SurveysPage, locale.get_untracked().tag()));
    let closed = RwSignal::new(false);
    view! {
        <h1>{move || s().survey_title}</h1>
        {move || match due.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error on_retry=move |_| due.refetch()/> }.into_any(),
            Some(Ok(Some(invitation))) if !closed.get() => {
                view! { <section class="card"><SurveyForm invitation on_close=move |_| closed.set(true)/></section> }.into_any()
            }
            Some(Ok(_)) => view! { <Empty message=Signal::derive(move || s().survey_none.to_string())/> }.into_any(),
        }}
    }
}
