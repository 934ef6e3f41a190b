//! The schedule on this device: the last copy from the server plus the outbox of dose logs
//! not yet confirmed, kept in the encrypted offline store. Screens read it through signals;
//! every change is saved locally first and then replayed to the server (idempotent ids), on
//! each tap, at start-up, when the network comes back and when the app becomes visible.

use api::error::codes;
use api::schedule::outbox::{Op, Outbox};
use api::schedule::{DoseAction, DoseLog, DoseLogInput, Occurrence, ScheduleView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::client::{self, ApiError};
use crate::offline::{self, keys};
use crate::session::{Change, Session};

/// The server's schedule and when it was fetched.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Synced {
    pub view: ScheduleView,
    /// Unix seconds of the fetch (device clock).
    pub synced_at: i64,
}

#[derive(Clone, Copy)]
pub struct ScheduleSync {
    pub synced: RwSignal<Option<Synced>>,
    pub outbox: RwSignal<Outbox>,
    /// The last fetch failed for lack of network: screens say so next to "last synced".
    pub offline: RwSignal<bool>,
    /// Why the schedule could not be shown at all (no copy on the device either).
    pub error: RwSignal<Option<ApiError>>,
    /// Unix seconds, ticking every 30 s so "overdue" and "missed" move on by themselves.
    pub now: RwSignal<i64>,
    flushing: RwSignal<bool>,
    /// The server's logs with the outbox applied, computed once per change for every row.
    merged: Memo<Vec<DoseLog>>,
}

pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

impl ScheduleSync {
    /// Creates the store, ticks the clock, listens for the network coming back, and follows
    /// the session: syncs once a consenting member is known, forgets on a wipe.
    pub fn provide(session: Session) -> Self {
        let synced = RwSignal::new(None::<Synced>);
        let outbox = RwSignal::new(Outbox::default());
        let merged = Memo::new(move |_| {
            synced.with(|s| outbox.with(|o| o.merged(s.as_ref().map(|s| s.view.logs.as_slice()).unwrap_or_default())))
        });
        let s = Self {
            synced,
            outbox,
            offline: RwSignal::new(false),
            error: RwSignal::new(None),
            now: RwSignal::new(now_secs()),
            flushing: RwSignal::new(false),
            merged,
        };
        provide_context(s);
        session.on_change(move |change| match change {
            Change::Ready => s.start(),
            Change::Cleared => s.clear(),
        });
        let tick = Closure::<dyn Fn()>::new(move || {
            s.now.set(now_secs());
            // Doses still waiting to sync are retried on every tick, not only on `online`.
            if s.outbox.with_untracked(|o| o.unsent()) > 0 && !s.flushing.get_untracked() {
                s.refresh();
            }
        });
        let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 30_000);
        tick.forget();
        let retry = Closure::<dyn Fn()>::new(move || {
            if s.synced.with_untracked(Option::is_some)
                && document().visibility_state() == web_sys::VisibilityState::Visible
            {
                s.refresh();
            }
        });
        let _ = window().add_event_listener_with_callback("online", retry.as_ref().unchecked_ref());
        let _ = document().add_event_listener_with_callback("visibilitychange", retry.as_ref().unchecked_ref());
        retry.forget();
        s
    }

    /// Shows the stored copy at once, then sends the outbox and fetches a fresh copy.
    pub fn start(self) {
        leptos::task::spawn_local(async move {
            if self.synced.get_untracked().is_none() {
                let (stored, outbox) = offline::load_pair::<Synced, Outbox>(keys::SCHEDULE, keys::OUTBOX).await;
                if let Some(outbox) = outbox {
                    self.outbox.set(outbox);
                }
                if let Some(stored) = stored {
                    self.synced.set(Some(stored));
                }
            }
            self.sync().await;
        });
    }

    /// Sends the outbox, then fetches the schedule.
    pub fn refresh(self) {
        leptos::task::spawn_local(self.sync());
    }

    /// A schedule screen opened: fetch unless the copy is only seconds old (start-up), so
    /// the member sees fresh data, or the "offline" line if there is no network.
    pub fn on_screen(self) {
        let fresh = self.synced.with_untracked(|s| s.as_ref().is_some_and(|s| now_secs() - s.synced_at < 10));
        if self.synced.with_untracked(Option::is_some) && !fresh {
            self.refresh();
        }
    }

    async fn sync(self) {
        self.flush().await;
        self.now.set(now_secs());
        match client::schedule(None).await {
            Ok(view) => {
                let synced = Synced { view, synced_at: now_secs() };
                offline::save(keys::SCHEDULE, &synced).await;
                self.synced.set(Some(synced));
                self.offline.set(false);
                self.error.set(None);
            }
            Err(ApiError::Offline) => {
                self.offline.set(true);
                if self.synced.with_untracked(Option::is_none) {
                    self.error.set(Some(ApiError::Offline));
                }
            }
            Err(e) => {
                if self.synced.with_untracked(Option::is_none) {
                    self.error.set(Some(e));
                }
            }
        }
    }

    async fn save_outbox(self) {
        offline::save(keys::OUTBOX, &self.outbox.get_untracked()).await;
    }

    /// Replays the outbox in order. Stops at the first network failure (kept for later); a
    /// refusal by the server becomes a visible conflict, never a silent drop.
    async fn flush(self) {
        if self.flushing.get_untracked() {
            return;
        }
        self.flushing.set(true);
        while let Some(next) = self.outbox.with_untracked(|o| o.sendable().next().map(|(_, p)| p.op.clone())) {
            let result = match &next {
                Op::Log { input, .. } => client::log_dose(None, input).await.map(|_| ()),
                Op::Undo { id } => client::undo_dose(None, id).await,
            };
            match result {
                Ok(()) => self.outbox.update(|o| o.items.retain(|p| p.op != next)),
                Err(ApiError::Offline) => {
                    self.offline.set(true);
                    break;
                }
                // Signed out or a server fault: keep everything and try again later.
                Err(e) if e.is_unauthorized() || matches!(e, ApiError::Http { status: 500.., .. }) => break,
                Err(ApiError::Http { message, code, .. }) => self.outbox.update(|o| {
                    if let Some(p) = o.items.iter_mut().find(|p| p.op == next) {
                        p.conflict = Some(if code == codes::DOSE_CONFLICT { code } else { message });
                    }
                }),
            }
            self.save_outbox().await;
        }
        self.flushing.set(false);
    }

    /// Records a dose as taken or skipped: on the device at once, on the server when it can.
    pub fn mark(self, occ: &Occurrence, action: DoseAction) {
        let Some(amount) = self.synced.with_untracked(|s| {
            s.as_ref()?.view.medications.iter().find(|m| m.id == occ.medication_id).map(|m| m.spec.dose_amount)
        }) else {
            return;
        };
        let at = now_secs();
        let input = DoseLogInput {
            id: client::idempotency_key(),
            medication_id: occ.medication_id.clone(),
            scheduled_at: Some(occ.at),
            action,
            at: Some(at),
            amount: None,
        };
        self.outbox.update(|o| o.log(input, at, amount));
        self.after_change();
    }

    pub fn undo(self, log_id: &str) {
        self.outbox.update(|o| o.undo(log_id));
        self.after_change();
    }

    /// The member has seen a conflict; the server's record stands.
    pub fn dismiss(self, index: usize) {
        self.outbox.update(|o| {
            if index < o.items.len() && o.items[index].conflict.is_some() {
                o.items.remove(index);
            }
        });
        leptos::task::spawn_local(self.save_outbox());
    }

    fn after_change(self) {
        leptos::task::spawn_local(async move {
            self.save_outbox().await;
            self.sync().await;
        });
    }

    /// The server's logs with the outbox applied.
    pub fn with_logs<R>(self, f: impl FnOnce(&[DoseLog]) -> R) -> R {
        self.merged.with(|logs| f(logs))
    }

    /// Forgets everything in memory (the stored copy is wiped by the caller).
    pub fn clear(self) {
        self.synced.set(None);
        self.outbox.set(Outbox::default());
        self.error.set(None);
    }
}

pub fn use_schedule() -> ScheduleSync {
    expect_context::<ScheduleSync>()
}
