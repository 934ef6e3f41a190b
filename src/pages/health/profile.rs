//! 健康档案: conditions, allergies, pregnancy and age band, each optional, kept only with the
//! member's consent to the stated purpose; seen, corrected and deleted here.
use api::health::{AgeBand, HealthProfile, HealthProfileInput, Pregnancy, ALLERGY_GROUPS, CONDITIONS};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::strings::use_health_strings;
use crate::client::{self, ApiError};
use crate::components::{ErrorView, Loading};
use crate::i18n::{fill, Locale};
use crate::prefs::use_prefs;
use crate::schedule_sync::use_schedule;

const PREGNANCY: [Option<Pregnancy>; 3] = [None, Some(Pregnancy::Pregnant), Some(Pregnancy::Breastfeeding)];
const AGES: [Option<AgeBand>; 5] =
    [None, Some(AgeBand::Under18), Some(AgeBand::Adult), Some(AgeBand::Senior), Some(AgeBand::Elderly)];

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Busy,
    NeedConsent,
    Saved,
    Deleted,
    Failed(String),
}

/// `/settings/health` (the member's own) and `/family/:id/health` (a dependant's).
#[component]
pub fn HealthProfilePage() -> impl IntoView {
    let h = use_health_strings();
    let subject = use_params_map().with_untracked(|p| p.get("id"));
    let for_fetch = subject.clone();
    let current = LocalResource::new(move || client::health_profile_of(for_fetch.clone()));
    let whose = crate::hooks::use_person_name(subject.clone());
    view! {
        <h1>{move || h().profile_title}{move || whose().map(|n| format!(" · {n}"))}</h1>
        {move || match current.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error on_retry=move |_| current.refetch()/> }.into_any(),
            Some(Ok(v)) => view! { <ProfileForm profile=v.profile consented=v.consented_at.is_some() subject=subject.clone()/> }.into_any(),
        }}
    }
}

/// A checkbox per option of a list held in a signal.
fn toggle(list: RwSignal<Vec<String>>, value: &'static str, on: bool) {
    list.update(|l| {
        l.retain(|x| x != value);
        if on {
            l.push(value.to_string());
        }
    });
}

#[component]
fn ProfileForm(profile: HealthProfile, consented: bool, subject: Option<String>) -> impl IntoView {
    let subject = StoredValue::new(subject);
    let h = use_health_strings();
    let locale = use_prefs().locale;
    let sync = use_schedule();
    let conditions = RwSignal::new(profile.conditions);
    let allergies = RwSignal::new(profile.allergies);
    let other = RwSignal::new(profile.other_allergies);
    let pregnancy = RwSignal::new(profile.pregnancy);
    let age = RwSignal::new(profile.age_band);
    let consent = RwSignal::new(consented);
    // Whether the server holds a profile (and so whether there is one to delete).
    let held = RwSignal::new(consented);
    let status = RwSignal::new(Status::Idle);
    let en = move || locale.get() == Locale::En;
    let fail = move |e: ApiError| {
        status.set(match e {
            ApiError::Offline => Status::Failed(h().needs_network.to_string()),
            ApiError::Http { message, .. } => Status::Failed(fill(h().failed, &[&message])),
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if status.get_untracked() == Status::Busy {
            return;
        }
        if !consent.get_untracked() {
            status.set(Status::NeedConsent);
            return;
        }
        let input = HealthProfileInput {
            profile: HealthProfile {
                conditions: conditions.get_untracked(),
                allergies: allergies.get_untracked(),
                other_allergies: other.get_untracked().trim().to_string(),
                pregnancy: pregnancy.get_untracked(),
                age_band: age.get_untracked(),
            },
            consent: true,
        };
        status.set(Status::Busy);
        leptos::task::spawn_local(async move {
            match client::save_health_profile_of(subject.get_value(), &input).await {
                Ok(_) => {
                    held.set(true);
                    status.set(Status::Saved);
                    // The schedule's warnings depend on the profile.
                    sync.refresh();
                }
                Err(e) => fail(e),
            }
        });
    };
    let remove = move |_| {
        if !window().confirm_with_message(h().delete_confirm).unwrap_or(false) {
            return;
        }
        status.set(Status::Busy);
        leptos::task::spawn_local(async move {
            match client::delete_health_profile_of(subject.get_value()).await {
                Ok(()) => {
                    // The form shows what the server now holds: nothing.
                    conditions.set(Vec::new());
                    allergies.set(Vec::new());
                    other.set(String::new());
                    pregnancy.set(None);
                    age.set(None);
                    consent.set(false);
                    held.set(false);
                    status.set(Status::Deleted);
                    sync.refresh();
                }
                Err(e) => fail(e),
            }
        });
    };
    view! {
        <p class="card notice" data-testid="health-purpose">{move || h().purpose}</p>
        <form class="card form health-form" on:submit=save novalidate>
            <fieldset class="chips">
                <legend>{move || h().conditions}</legend>
                {CONDITIONS.iter().map(|(zh, en_label)| view! {
                    <label class="check-chip">
                        <input type="checkbox" prop:checked=move || conditions.with(|l| l.iter().any(|x| x == zh))
                            on:change=move |ev| toggle(conditions, zh, event_target_checked(&ev))/>
                        <span>{move || if en() { *en_label } else { *zh }}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="chips">
                <legend>{move || h().allergies}</legend>
                {ALLERGY_GROUPS.iter().map(|(id, zh, en_label)| view! {
                    <label class="check-chip">
                        <input type="checkbox" value=*id prop:checked=move || allergies.with(|l| l.iter().any(|x| x == id))
                            on:change=move |ev| toggle(allergies, id, event_target_checked(&ev))/>
                        <span>{move || if en() { *en_label } else { *zh }}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span>{move || h().other_allergies}</span>
                <input type="text" maxlength=api::health::MAX_OTHER_ALLERGIES.to_string() prop:value=move || other.get()
                    on:input=move |ev| other.set(event_target_value(&ev))/>
            </label>
            <fieldset class="segmented wrap">
                <legend>{move || h().pregnancy}</legend>
                {PREGNANCY.iter().map(|p| {
                    let p = *p;
                    view! {
                        <label class="radio-button">
                            <input type="radio" name="pregnancy" prop:checked=move || pregnancy.get() == p
                                on:change=move |_| pregnancy.set(p)/>
                            <span>{move || h().pregnancy_options.of(p)}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="segmented wrap">
                <legend>{move || h().age_band}</legend>
                {AGES.iter().map(|a| {
                    let a = *a;
                    view! {
                        <label class="radio-button">
                            <input type="radio" name="age" prop:checked=move || age.get() == a on:change=move |_| age.set(a)/>
                            <span>{move || h().age_options.of(a)}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label class="switch">
                <input type="checkbox" data-testid="health-consent" prop:checked=move || consent.get()
                    on:change=move |ev| consent.set(event_target_checked(&ev))/>
                <span>{move || h().consent}</span>
            </label>
            {move || match status.get() {
                Status::NeedConsent => Some(view! { <p class="error" role="alert">{move || h().consent_needed}</p> }.into_any()),
                Status::Failed(m) => Some(view! { <p class="error" role="alert">{m}</p> }.into_any()),
                Status::Saved => Some(view! { <p class="success" role="status" data-testid="health-saved">{move || h().saved}</p> }.into_any()),
                Status::Deleted => Some(view! { <p class="success" role="status" data-testid="health-deleted">{move || h().deleted}</p> }.into_any()),
                _ => None,
            }}
            <button type="submit" class="button primary" disabled=move || status.get() == Status::Busy>
                {move || if status.get() == Status::Busy { h().saving } else { h().save }}
            </button>
        </form>
        <Show when=move || held.get()>
            <button class="button danger" on:click=remove>{move || h().delete}</button>
        </Show>
    }
}
