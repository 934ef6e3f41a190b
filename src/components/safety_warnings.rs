//! Safety warnings (duplicates, interactions, allergies, pregnancy, age) as the schedule
//! carries them: plain words, a severity, and "ask a pharmacist" right there. Never a block.
use api::safety::{SafetyWarning, Severity};
use leptos::prelude::*;

use crate::prefs::{use_prefs, use_strings};

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Low => "card safety low",
        Severity::Moderate => "card safety moderate",
        Severity::High => "card safety high",
    }
}

/// The warnings, or nothing at all when there are none.
#[component]
pub fn SafetyWarnings(warnings: Vec<SafetyWarning>) -> impl IntoView {
    let s = use_strings();
    (!warnings.is_empty()).then(|| {
        view! {
            <section class="safety-warnings" aria-labelledby="safety-title" data-testid="safety-warnings">
                <h2 id="safety-title" class="section-title">{move || s().safety.warnings_title}</h2>
                {warnings.into_iter().map(|w| view! { <Warning w/> }).collect_view()}
            </section>
        }
    })
}

#[component]
fn Warning(w: SafetyWarning) -> impl IntoView {
    let s = use_strings();
    let locale = use_prefs().locale;
    let asking = RwSignal::new(false);
    let sev = w.severity;
    let class = severity_class(sev);
    let (title, detail) = (w.title.clone(), w.detail.clone());
    let title2 = title.clone();
    let lang = move || locale.get().tag();
    let medicines = w.medicines.clone();
    view! {
        <article class=class data-testid="safety-warning" data-severity=format!("{:?}", w.severity).to_lowercase()>
            <p class="badge">{move || s().safety.severity.of(sev)}</p>
            <h3>{move || title.get(lang()).to_string()}</h3>
            <p>{move || detail.get(lang()).to_string()}</p>
            <p class="muted small">{move || s().safety.advice}</p>
            <Show when=move || !asking.get()>
                <button type="button" class="button secondary" on:click=move |_| asking.set(true)>{move || s().safety.ask}</button>
            </Show>
            <Show when=move || asking.get()>
                {
                    let warning = title2.get(lang()).to_string();
                    super::ask_form::ask_form_from_chunk(super::ask_form::AskAbout { medicines: medicines.clone(), warning })
                }
            </Show>
        </article>
    }
}
