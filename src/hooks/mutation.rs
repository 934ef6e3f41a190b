//! One write a screen sends (a question, feedback, a survey answer): at most one in flight,
//! so a double tap sends once, and what came of the last one, for the form to show. Pages
//! used to hand-roll this as a `Sending` enum each; the guard and clearing the old error
//! when sending again were the parts that differed.
use std::future::Future;

use leptos::prelude::*;

use crate::client::ApiError;

/// The state of one kind of write; `Copy`, so handlers and views can share it.
pub struct Mutation<O: Send + Sync + 'static> {
    busy: RwSignal<bool>,
    outcome: RwSignal<Option<Result<O, ApiError>>>,
}

impl<O: Send + Sync + 'static> Clone for Mutation<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O: Send + Sync + 'static> Copy for Mutation<O> {}

impl<O: Clone + Send + Sync + 'static> Mutation<O> {
    pub fn new() -> Self {
        Self { busy: RwSignal::new(false), outcome: RwSignal::new(None) }
    }

    /// Sends `call` unless a send is in flight (then nothing happens and `false` comes back).
    /// `then` runs with the answer before the form shows it (clear the fields on success…).
    pub fn send<F>(self, call: F, then: impl FnOnce(&Result<O, ApiError>) + 'static) -> bool
    where
        F: Future<Output = Result<O, ApiError>> + 'static,
    {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = call.await;
            then(&result);
            self.outcome.set(Some(result));
            self.busy.set(false);
        });
        true
    }

    /// Whether a send is in flight (disable the button, say "sending…").
    pub fn busy(self) -> bool {
        self.busy.get()
    }

    /// The same, read in an event handler (checks before preparing a request).
    pub fn busy_untracked(self) -> bool {
        self.busy.get_untracked()
    }

    /// The last send's answer when it succeeded.
    pub fn done(self) -> Option<O> {
        self.outcome.with(|o| o.as_ref().and_then(|r| r.as_ref().ok().cloned()))
    }

    /// Why the last send failed, if it did.
    pub fn error(self) -> Option<ApiError> {
        self.outcome.with(|o| o.as_ref().and_then(|r| r.as_ref().err().cloned()))
    }

    /// Forgets the last answer (the member started over).
    pub fn reset(self) {
        self.outcome.set(None);
    }
}

impl<O: Clone + Send + Sync + 'static> Default for Mutation<O> {
    fn default() -> Self {
        Self::new()
    }
}
