//! Who is signed in. The session token lives in an HttpOnly cookie the script never sees;
//! the app only keeps the member's profile in memory.
use std::cell::RefCell;
use std::rc::Rc;

use api::member::Member;

use crate::client::{ApiError, AuthLost};
use leptos::prelude::*;

/// Sign-in state, provided as context by the app.
#[derive(Clone, Copy)]
pub struct Session {
    /// False until the first `/me` (or a login or logout) has settled who is signed in.
    pub checked: RwSignal<bool>,
    pub member: RwSignal<Option<Member>>,
    /// Set when the server said the session expired, so login can say why.
    pub expired: RwSignal<bool>,
    /// Why the first `/me` failed when it was not a 401 (offline, server down).
    pub error: RwSignal<Option<ApiError>>,
    /// The mini-program's sign-in link was used or expired, so login can say why.
    pub link_expired: RwSignal<bool>,
    listeners: StoredValue<Vec<Rc<dyn Fn(Change)>>, LocalStorage>,
}

/// What data kept per member must follow (the schedule subscribes with [`Session::on_change`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A member who accepted the policy in force is signed in (or known offline): sync.
    Ready,
    /// The data kept for the previous member is gone: forget it in memory too.
    Cleared,
}

thread_local! {
    /// A hand-off code taken from the address bar and not yet spent: kept for a retry when
    /// the exchange could not reach the server (the address no longer has it).
    static HANDOFF: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Moves a `?code=` hand-off out of the address bar (shared pages and history expose URLs)
/// into memory. Runs before the router reads the location.
fn take_handoff_code() {
    let location = leptos::prelude::window().location();
    let search = location.search().unwrap_or_default();
    let Some(code) = api::host::code_in(&search).map(str::to_string) else { return };
    let clean = api::host::without_code(
        &location.pathname().unwrap_or_default(),
        &search,
        &location.hash().unwrap_or_default(),
    );
    if let Ok(history) = leptos::prelude::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    HANDOFF.with(|h| *h.borrow_mut() = Some(code));
}

/// Spends a pending hand-off code. Kept only when the server could not be reached.
async fn exchange_handoff(session: Session) {
    let Some(code) = HANDOFF.with(|h| h.borrow().clone()) else { return };
    match crate::client::exchange(&code).await {
        Err(ApiError::Offline) => {}
        result => {
            HANDOFF.with(|h| *h.borrow_mut() = None);
            if result.is_err() {
                session.link_expired.set(true);
            }
        }
    }
}

impl Session {
    pub fn new() -> Self {
        let s = Self {
            checked: RwSignal::new(false),
            member: RwSignal::new(None),
            expired: RwSignal::new(false),
            error: RwSignal::new(None),
            link_expired: RwSignal::new(false),
            listeners: StoredValue::new_local(Vec::new()),
        };
        take_handoff_code();
        s
    }

    /// Calls `f` on every [`Change`] from now on.
    pub fn on_change(self, f: impl Fn(Change) + 'static) {
        self.listeners.update_value(|l| l.push(Rc::new(f)));
    }

    fn emit(self, change: Change) {
        for f in self.listeners.get_value() {
            f(change);
        }
    }

    /// Asks the server who we are (the cookie decides).
    pub fn refresh(self) {
        self.error.set(None);
        leptos::task::spawn_local(async move {
            // A failed exchange falls through to `/me`: an existing session may still be valid.
            exchange_handoff(self).await;
            match crate::client::me().await {
                Ok(m) => self.signed_in(m),
                Err(e) if e.is_unauthorized() => self.signed_out(),
                // Offline at start-up: open with the profile kept on the device (the schedule
                // must show in airplane mode); without one, say so and offer a retry.
                Err(e) => match crate::offline::load::<Member>(crate::offline::keys::ME).await {
                    Some(m) if e == ApiError::Offline => {
                        let consented = !m.consent_due;
                        self.show(m);
                        if consented {
                            self.emit(Change::Ready);
                        }
                    }
                    _ => self.error.set(Some(e)),
                },
            }
        });
    }

    /// The server confirmed who is signed in: keep the profile on the device (wiping another
    /// member's data first) and start the schedule sync once the privacy policy is accepted
    /// (the server refuses health data before that).
    pub fn signed_in(self, member: Member) {
        let kept = member.clone();
        let consented = !member.consent_due;
        leptos::task::spawn_local(async move {
            if crate::offline::claim(&kept.id).await {
                // Another member used this tab before (their session expired without a logout).
                self.emit(Change::Cleared);
            }
            crate::offline::save(crate::offline::keys::ME, &kept).await;
            if consented {
                self.emit(Change::Ready);
            }
        });
        self.show(member);
    }

    fn show(self, member: Member) {
        self.expired.set(false);
        self.link_expired.set(false);
        self.member.set(Some(member));
        self.checked.set(true);
    }

    /// Ends the session on this device: the offline copies of health data (profile,
    /// schedule, outbox) are wiped with it. Used by logout, "log out everywhere", declining
    /// consent and account deletion.
    pub async fn wipe_and_sign_out(self) {
        crate::offline::wipe().await;
        self.emit(Change::Cleared);
        self.expired.set(false);
        self.signed_out();
    }

    pub fn signed_out(self) {
        crate::early::forget();
        self.member.set(None);
        self.checked.set(true);
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

impl Session {
    /// What the API client reported ([`crate::client::on_auth_lost`]; the app connects the two).
    pub fn auth_lost(self, lost: AuthLost) {
        match lost {
            AuthLost::Unauthorized { expired } => self.unauthorized(expired),
            AuthLost::ConsentRequired => self.consent_required(),
        }
    }

    /// Any 401: the guard then sends the member to login. Inside the mini-program that is
    /// WeChat's native login (once, not on every failing call); the web login stays
    /// underneath as the fallback.
    fn unauthorized(self, expired: bool) {
        let was_signed_in = !self.checked.get_untracked() || self.member.with_untracked(Option::is_some);
        self.expired.set(expired);
        self.signed_out();
        if !expired {
            // Revoked ("log out on all devices", a deleted account) or unknown: what this
            // device kept for offline use belongs to a session that no longer exists (a lost
            // phone is wiped the moment it is back online). An expired session keeps it:
            // the same member signing in again finds their schedule and unsent doses.
            leptos::task::spawn_local(async move { self.wipe_and_sign_out().await });
        }
        if was_signed_in {
            crate::bridge::navigate_to(&api::host::NativePage::Login);
        }
    }

    /// A 403 `consent_required`: the policy in force is newer than the one the member
    /// accepted (it changed while the app was open); the consent screen takes over until
    /// they accept it.
    fn consent_required(self) {
        self.member.update(|m| {
            if let Some(m) = m {
                m.consent_due = true;
            }
        });
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
