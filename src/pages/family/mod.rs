//! 家人: dependants the member manages, people who made the member their caregiver (one tap
//! opens their schedule), invitations, and who can see the member's own medicines.
use api::family::{Carer, Family, Permission, Person};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::client::{self, ApiError};
use crate::components::{remote, Empty};
use crate::format::{clock, date};
use crate::i18n::fill;
use crate::prefs::use_prefs;

mod care;
mod strings;

pub use care::CareSchedulePage;
pub use strings::use_family_strings;
use strings::FamilyStrings;

/// The page of one person's schedule.
pub fn person_path(id: &str) -> String {
    format!("/family/{}", crate::format::encode(id))
}

fn permission_text(f: &FamilyStrings, p: Option<Permission>) -> &'static str {
    match p {
        None => f.manages,
        Some(Permission::Read) => f.can_read,
        Some(Permission::Log) => f.can_log,
    }
}

fn error_text(f: &FamilyStrings, e: ApiError) -> String {
    match e {
        ApiError::Offline => f.offline.to_string(),
        ApiError::Http { message, .. } => fill(f.failed, &[&message]),
    }
}

/// One request at a time for a family form: a second tap while one runs does nothing, and a
/// failure is shown in words under the form (the fields keep what was typed).
#[derive(Clone, Copy)]
struct FormRun {
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    strings: Signal<&'static FamilyStrings>,
}

impl FormRun {
    fn new() -> Self {
        Self { busy: RwSignal::new(false), error: RwSignal::new(None), strings: Signal::derive(use_family_strings()) }
    }

    /// Sends `request` unless one is running; `ok` gets its answer.
    fn start<T: 'static>(
        self,
        request: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
        ok: impl FnOnce(T) + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        let f = self.strings.get_untracked();
        leptos::task::spawn_local(async move {
            match request.await {
                Ok(v) => {
                    self.error.set(None);
                    ok(v);
                }
                Err(e) => self.error.set(Some(error_text(f, e))),
            }
            self.busy.set(false);
        });
    }

    fn error_view(self) -> impl IntoView {
        move || self.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })
    }
}

#[component]
pub fn FamilyPage() -> impl IntoView {
    let f = use_family_strings();
    let family = LocalResource::new(client::family);
    let refresh = Callback::new(move |_| family.refetch());
    view! {
        <h1>{move || f().title}</h1>
        <section aria-labelledby="family-people">
            <h2 id="family-people">{move || f().people}</h2>
            {remote(family, move |fam: Family| {
                if fam.people.is_empty() {
                    return view! { <Empty message=Signal::derive(move || f().no_people.to_string())/> }.into_any();
                }
                view! {
                    <nav class="card list" aria-labelledby="family-people" data-testid="family-people">
                        {fam.people.into_iter().map(|p| view! {
                            <A href=person_path(&p.id) attr:class="list-row link-row">
                                <span><strong>{p.name.clone()}</strong>
                                    <span class="muted small block">{move || permission_text(f(), p.permission)}</span></span>
                            </A>
                        }).collect_view()}
                    </nav>
                }.into_any()
            })}
        </section>
        <AddDependant on_done=refresh/>
        <AcceptCode on_done=refresh/>
        <Invite family/>
        <section aria-labelledby="family-carers">
            <h2 id="family-carers">{move || f().carers}</h2>
            {remote(family, move |fam: Family| {
                if fam.carers.is_empty() {
                    return view! { <Empty message=Signal::derive(move || f().no_carers.to_string())/> }.into_any();
                }
                fam.carers.into_iter().map(|c| view! { <CarerRow c on_done=refresh/> }).collect_view().into_any()
            })}
        </section>
    }
}

#[component]
fn AddDependant(on_done: Callback<()>) -> impl IntoView {
    let f = use_family_strings();
    let name = RwSignal::new(String::new());
    let run = FormRun::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        if !n.trim().is_empty() {
            run.start(async move { client::add_dependant(&n).await }, move |_| {
                name.set(String::new());
                on_done.run(());
            });
        }
    };
    view! {
        <form class="card form" on:submit=submit>
            <label for="dependant-name">{move || f().add_dependant}</label>
            <span class="muted small block">{move || f().dependant_hint}</span>
            <input id="dependant-name" type="text" maxlength="20" prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))/>
            {run.error_view()}
            <button type="submit" class="button primary" disabled=move || run.busy.get()>{move || f().add}</button>
        </form>
    }
}

#[component]
fn AcceptCode(on_done: Callback<()>) -> impl IntoView {
    let f = use_family_strings();
    let code = RwSignal::new(String::new());
    let accepted = RwSignal::new(None::<String>);
    let run = FormRun::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = code.get_untracked();
        if !c.trim().is_empty() {
            accepted.set(None);
            run.start(async move { client::accept_invitation(&c).await }, move |p| {
                code.set(String::new());
                accepted.set(Some(fill(f().accepted, &[&p.name])));
                on_done.run(());
            });
        }
    };
    view! {
        <form class="card form" on:submit=submit>
            <label for="invite-code">{move || f().accept_title}</label>
            <span class="muted small block">{move || f().accept_hint}</span>
            <input id="invite-code" type="text" autocomplete="off" autocapitalize="characters" maxlength="20"
                prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))/>
            {move || accepted.get().map(|m| view! { <p class="success" role="status">{m}</p> })}
            {run.error_view()}
            <button type="submit" class="button primary" disabled=move || run.busy.get()>{move || f().accept}</button>
        </form>
    }
}

/// Makes an invitation code for the member's own schedule or a dependant's.
#[component]
fn Invite(family: LocalResource<Result<Family, ApiError>>) -> impl IntoView {
    let f = use_family_strings();
    let locale = use_prefs().locale;
    let subject = RwSignal::new(None::<String>);
    let permission = RwSignal::new(Permission::Read);
    let result = RwSignal::new(None::<Result<api::family::CareInvitation, String>>);
    let dependants = move || {
        family
            .get()
            .and_then(|r| r.ok())
            .map(|fam| fam.people.into_iter().filter(|p| p.permission.is_none()).collect::<Vec<Person>>())
            .unwrap_or_default()
    };
    let make = move |_| {
        leptos::task::spawn_local(async move {
            let r = client::invite_caregiver(subject.get_untracked(), permission.get_untracked()).await;
            result.set(Some(r.map_err(|e| error_text(f(), e))));
        });
    };
    view! {
        <section class="card form" aria-labelledby="invite-title">
            <h2 id="invite-title">{move || f().invite_title}</h2>
            <p class="muted small">{move || f().invite_hint}</p>
            <Show when=move || !dependants().is_empty()>
                <fieldset class="segmented wrap">
                    <legend>{move || f().whose}</legend>
                    <label class="radio-button">
                        <input type="radio" name="invite-whose" prop:checked=move || subject.get().is_none() on:change=move |_| subject.set(None)/>
                        <span>{move || f().myself}</span>
                    </label>
                    {move || dependants().into_iter().map(|p| {
                        let id = p.id.clone();
                        let id2 = p.id.clone();
                        view! {
                            <label class="radio-button">
                                <input type="radio" name="invite-whose" prop:checked=move || subject.get().as_deref() == Some(id.as_str())
                                    on:change=move |_| subject.set(Some(id2.clone()))/>
                                <span>{p.name}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </Show>
            <fieldset class="segmented wrap">
                <legend>{move || f().permission}</legend>
                {[Permission::Read, Permission::Log].into_iter().map(|p| view! {
                    <label class="radio-button">
                        <input type="radio" name="invite-permission" prop:checked=move || permission.get() == p
                            on:change=move |_| permission.set(p)/>
                        <span>{move || permission_text(f(), Some(p))}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <button type="button" class="button primary" on:click=make data-testid="make-code">{move || f().create_code}</button>
            {move || result.get().map(|r| match r {
                Ok(inv) => view! {
                    <p class="invite-code" role="status" data-testid="invite-code">{move || f().code_is}<strong>{inv.code.clone()}</strong></p>
                    <p class="muted small">{move || fill(f().code_until, &[&format!("{} {}", date(locale.get(), inv.expires_at), clock(inv.expires_at))])}</p>
                }.into_any(),
                Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            })}
        </section>
    }
}

/// A caregiver of the member's (or a dependant's) schedule: their visits, and revoking.
#[component]
fn CarerRow(c: Carer, on_done: Callback<()>) -> impl IntoView {
    let f = use_family_strings();
    let locale = use_prefs().locale;
    let grant = StoredValue::new(c.grant_id.clone());
    let log = RwSignal::new(None::<Vec<api::family::CareAccess>>);
    let show = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(l) = client::care_access(&grant.get_value()).await {
                log.set(Some(l));
            }
        });
    };
    let revoke = move |_| {
        if !window().confirm_with_message(f().revoke_confirm).unwrap_or(false) {
            return;
        }
        leptos::task::spawn_local(async move {
            if client::revoke_grant(&grant.get_value()).await.is_ok() {
                on_done.run(());
            }
        });
    };
    let (who, whose, p) = (c.caregiver_name.clone(), c.subject_name.clone(), c.permission);
    view! {
        <article class="card" data-testid="carer">
            <p><strong>{move || fill(f().carer_line, &[&who, &whose])}</strong></p>
            <p class="muted small">{move || permission_text(f(), Some(p))}</p>
            {move || match log.get() {
                None => view! { <button type="button" class="button secondary" on:click=show>{move || f().show_log}</button> }.into_any(),
                Some(l) if l.is_empty() => view! { <p class="muted">{move || f().no_log}</p> }.into_any(),
                Some(l) => view! {
                    <ul class="access-log" data-testid="care-log">
                        {l.into_iter().map(|a| {
                            view! { <li>{move || format!("{} {} · {}", date(locale.get(), a.at), clock(a.at), f().actions.of(&a.action))}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <button type="button" class="button danger" on:click=revoke>{move || f().revoke}</button>
        </article>
    }
}
