//! One survey: the scale as a native radio group (large targets, end labels), a follow-up
//! question that suits the score, and a thank-you.
use api::surveys::{follow_up, Answer, Invitation, SurveyKind};
use leptos::prelude::*;

use super::strings::use_survey_strings;
use crate::client;
use crate::components::FormError;
use crate::hooks::Mutation;
use crate::i18n::fill;

/// `on_close` runs after "not now" (the invitation is dismissed) or closing the thank-you.
#[component]
pub fn SurveyForm(invitation: Invitation, #[prop(into)] on_close: Callback<()>) -> impl IntoView {
    let t = use_survey_strings();
    let score = RwSignal::new(None::<u8>);
    let reason = RwSignal::new(String::new());
    // Done: the points credited.
    let sending = Mutation::<i64>::new();
    let kind = invitation.kind;
    let (low, high) = kind.scale();
    let id = StoredValue::new(invitation.id.clone());
    let points = invitation.points;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(value) = score.get_untracked() else { return };
        let answer = Answer { score: value, reason: Some(reason.get_untracked()) };
        // Safe to repeat: the server keeps the first answer to an invitation.
        let call = async move { client::answer_survey(&id.get_value(), &answer).await.map(|done| done.points) };
        sending.send(call, |_| ());
    };
    let later = move |_| {
        let id = id.get_value();
        // Closing never waits on the network; a lost dismissal only means it is offered again.
        leptos::task::spawn_local(async move {
            let _ = client::dismiss_survey(&id).await;
        });
        on_close.run(());
    };
    let follow_up_label = move || score.get().map(|v| t().follow_up.of(follow_up(kind, v)));
    let (low_label, high_label) = match kind {
        SurveyKind::Nps => (t().nps_low, t().nps_high),
        SurveyKind::Rating => (t().rating_low, t().rating_high),
    };
    let question = invitation.question.clone();

    let done = Memo::new(move |_| sending.done());
    move || {
        if let Some(credited) = done.get() {
            return view! {
                <div class="survey-done" role="status" data-testid="survey-thanks">
                    <p class="big">{move || t().thanks}</p>
                    {(credited > 0).then(|| view! { <p>{move || fill(t().thanks_points, &[&credited.to_string()])}</p> })}
                    <button class="button primary" on:click=move |_| on_close.run(())>{move || t().close}</button>
                </div>
            }
            .into_any();
        }
        let question = question.clone();
        view! {
            <form class="survey" on:submit=submit data-testid="survey-form">
                <fieldset>
                    <legend class="survey-question">{question}</legend>
                    <div class=move || if kind == SurveyKind::Nps { "scale scale-11" } else { "scale scale-5" }>
                        {(low..=high).map(|v| view! {
                            <label class="scale-option">
                                <input type="radio" name="score" value=v.to_string()
                                    prop:checked=move || score.get() == Some(v)
                                    on:change=move |_| score.set(Some(v))/>
                                <span>{v.to_string()}</span>
                            </label>
                        }).collect_view()}
                    </div>
                    <p class="scale-ends muted small" aria-hidden="true"><span>{low_label}</span><span>{high_label}</span></p>
                </fieldset>
                {move || follow_up_label().map(|label| view! {
                    <label class="field">
                        <span>{label}{move || t().optional}</span>
                        <textarea rows="3" maxlength="1000" prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </label>
                })}
                // The server's reason is not shown here: `failed` is a complete sentence.
                <FormError error=Signal::derive(move || sending.error())
                    offline=Signal::derive(move || t().offline) failed=Signal::derive(move || t().failed)/>
                {(points > 0).then(|| view! { <p class="muted small">{move || fill(t().points_hint, &[&points.to_string()])}</p> })}
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || score.get().is_none() || sending.busy()>
                        {move || if sending.busy() { t().sending } else { t().submit }}
                    </button>
                    <button type="button" class="button secondary" on:click=later>{move || t().later}</button>
                </div>
            </form>
        }
        .into_any()
    }
}
